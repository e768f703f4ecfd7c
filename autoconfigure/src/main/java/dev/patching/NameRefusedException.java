package dev.patching;

import java.net.UnknownHostException;

/**
 * A host name refused by the DNS patch: not listed in {@code patching.dns.hosts} while
 * {@code patching.dns.unlisted=refuse}.
 */
public class NameRefusedException extends UnknownHostException {

	private static final long serialVersionUID = 1L;

	private static final String HOSTS = "patching.dns.hosts";

	private static final String UNLISTED = "patching.dns.unlisted";

	private final String host;

	/**
	 * @param host the refused name, as the caller wrote it
	 */
	public NameRefusedException(String host) {
		super(message(host));
		this.host = host;
	}

	/**
	 * A refusal that explains itself otherwise, e.g. a DNS query of a record type the
	 * table cannot answer.
	 * @param host the name refused
	 * @param message the message, naming the property to change
	 */
	public NameRefusedException(String host, String message) {
		super(message);
		this.host = host;
	}

	/** The refused name, as the caller wrote it. */
	public String getHost() {
		return this.host;
	}

	private static String message(String host) {
		return "Host name '" + host + "' refused by patching.dns: it is not listed in " + HOSTS + " and " + UNLISTED
				+ "=refuse.\n\nTo answer it, add " + HOSTS + "[" + host + "]=<ip> (for example 127.0.0.1), " + "or set "
				+ UNLISTED + "=system to ask the system resolver for unlisted names.";
	}

}
