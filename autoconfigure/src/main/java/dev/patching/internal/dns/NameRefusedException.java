package dev.patching.internal.dns;

import java.net.UnknownHostException;

/**
 * A host name refused by the DNS patch: not listed in {@code patching.dns.hosts} while
 * {@code patching.dns.unlisted=refuse}.
 */
public class NameRefusedException extends UnknownHostException {

	private static final long serialVersionUID = 1L;

	private final String host;

	/** @param host the refused name, as the caller wrote it */
	public NameRefusedException(String host) {
		super(message(host));
		this.host = host;
	}

	/** The refused name, as the caller wrote it. */
	public String getHost() {
		return this.host;
	}

	private static String message(String host) {
		return "Host name '" + host + "' refused by patching.dns: it is not listed in " + HostTable.PROPERTY
				+ " and " + UnlistedMode.PROPERTY + "=refuse.\n\n"
				+ "To answer it, add " + HostTable.PROPERTY + "[" + host + "]=<ip> (for example 127.0.0.1), "
				+ "or set " + UnlistedMode.PROPERTY + "=system to ask the system resolver for unlisted names.";
	}

}
