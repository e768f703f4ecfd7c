package dev.patching.netty;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.patching.DnsLookup;
import dev.patching.NameRefusedException;
import dev.patching.internal.agent.JvmHooks;
import dev.patching.internal.dns.DnsInterceptor;
import dev.patching.internal.dns.DnsPolicy;
import dev.patching.internal.socket.SocketInterceptor;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import io.netty.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Netty's raw record queries ({@code DnsNameResolver.query(...)},
 * {@code resolveAll(DnsQuestion)}) under {@code patching.dns.unlisted=refuse}: they fail
 * naming {@code patching.dns} and the only name server the resolver knows, a loopback
 * socket counting what it receives, gets nothing.
 */
class NettyQueryTest {

	private final SocketInterceptor socket = new SocketInterceptor();

	private final DnsInterceptor dns = new DnsInterceptor(() -> "build-host");

	private final List<DnsLookup> lookups = new CopyOnWriteArrayList<>();

	private final SilentNameServer nameServer = new SilentNameServer();

	@SuppressWarnings("deprecation")
	private final EventLoopGroup group = new NioEventLoopGroup(1);

	private DnsNameResolver resolver;

	@BeforeEach
	void install() {
		JvmHooks.install(this.socket, this.dns);
		this.resolver = new DnsNameResolverBuilder(this.group.next()).channelType(NioDatagramChannel.class)
			.nameServerProvider(new SingletonDnsServerAddressStreamProvider(this.nameServer.address()))
			.queryTimeoutMillis(500)
			.maxQueriesPerResolve(1)
			.build();
	}

	@AfterEach
	void close() {
		this.dns.setPolicy(null, null);
		this.resolver.close();
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
		this.nameServer.close();
	}

	@AfterAll
	static void uninstall() {
		JvmHooks.uninstall();
	}

	@Test
	void rawQueriesFailNamingPatchingDnsAndSendNothingUnderRefuse() throws Exception {
		this.dns.setPolicy(DnsPolicy.of(Map.of("api.test", "127.0.0.1"), "refuse"),
				(seen) -> this.lookups.add(seen.lookup()));
		Future<AddressedEnvelope<DnsResponse, InetSocketAddress>> srv = this.resolver
			.query(new DefaultDnsQuestion("_sip._tcp.svc.test", DnsRecordType.SRV));
		Future<List<DnsRecord>> txt = this.resolver.resolveAll(new DefaultDnsQuestion("svc.test", DnsRecordType.TXT));
		Future<AddressedEnvelope<DnsResponse, InetSocketAddress>> listed = this.resolver
			.query(this.nameServer.address(), new DefaultDnsQuestion("api.test", DnsRecordType.A));
		for (Future<?> query : List.of(srv, txt, listed)) {
			assertThat(query.await(5, TimeUnit.SECONDS)).isTrue();
			assertThat(query.isSuccess()).isFalse();
			assertThat(refusal(query.cause())).hasMessageContaining("refused by patching.dns")
				.hasMessageContaining("patching.dns.unlisted=system");
		}
		assertThat(srv.cause()).isInstanceOf(NameRefusedException.class)
			.hasMessageContaining("'_sip._tcp.svc.test' (SRV)");
		// resolveAll wraps the failure of its last query in its own exception.
		assertThat(refusal(txt.cause())).hasMessageContaining("'svc.test' (TXT)");
		assertThat(listed.cause()).isInstanceOf(NameRefusedException.class).hasMessageContaining("'api.test' (A)");
		Thread.sleep(300);
		assertThat(this.nameServer.received()).as("queries the name server received").isZero();
		assertThat(this.lookups).extracting(DnsLookup::name)
			.containsExactlyInAnyOrder("_sip._tcp.svc.test", "svc.test", "api.test");
		assertThat(this.lookups).extracting(DnsLookup::outcome).containsOnly(DnsLookup.Outcome.REFUSED);
	}

	private static Throwable refusal(Throwable thrown) {
		for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
			if (cause instanceof NameRefusedException) {
				return cause;
			}
		}
		throw new AssertionError("no NameRefusedException in the chain of " + thrown, thrown);
	}

	@Test
	void underTheSystemResolverARawQueryReachesTheLoopbackNameServer() throws Exception {
		// Proves the "nothing sent" assertion above can fail.
		this.dns.setPolicy(DnsPolicy.of(Map.of("api.test", "127.0.0.1"), "system"),
				(seen) -> this.lookups.add(seen.lookup()));
		Future<AddressedEnvelope<DnsResponse, InetSocketAddress>> srv = this.resolver
			.query(new DefaultDnsQuestion("_sip._tcp.svc.test", DnsRecordType.SRV));
		assertThat(srv.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(srv.isSuccess()).as("the silent name server never answers").isFalse();
		assertThat(this.nameServer.received()).as("queries the name server received").isPositive();
		assertThat(this.lookups).isEmpty();
	}

}
