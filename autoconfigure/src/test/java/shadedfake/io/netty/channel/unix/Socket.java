package shadedfake.io.netty.channel.unix;

/**
 * Named like a shaded copy of Netty's {@code io.netty.channel.unix.Socket} but without
 * its {@code connect(SocketAddress)}: a Netty class that patching cannot patch when it
 * loads.
 */
public final class Socket {

	public static String describe() {
		return "not Netty";
	}

}
