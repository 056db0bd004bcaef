package dev.agentplane.attachments.fetch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The SSRF rules, with a fake resolver so that DNS answers can be anything. */
class SsrfGuardTest {
    private static final Map<String, String[]> DNS = Map.of(
            "images.example", new String[]{"93.184.216.34"},
            "v6.example", new String[]{"2606:2800:220:1:248:1893:25c8:1946"},
            "rebind.example", new String[]{"93.184.216.34", "127.0.0.1"},
            "metadata.example", new String[]{"169.254.169.254"},
            "mapped.example", new String[]{"::ffff:10.0.0.1"},
            "internal.example", new String[]{"10.1.2.3"});

    private final SsrfGuard guard = new SsrfGuard(SsrfGuardTest::resolve, List.of());

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String[] answers = DNS.get(host);
        if (answers == null) {
            if (host.matches("[0-9a-fA-F.:]+")) {
                return new InetAddress[]{InetAddress.getByName(host)};
            }
            throw new UnknownHostException(host);
        }
        InetAddress[] result = new InetAddress[answers.length];
        for (int i = 0; i < answers.length; i++) {
            result[i] = InetAddress.getByName(answers[i]);
        }
        return result;
    }

    @Test
    void publicHostsPassWithTheAddressToConnectTo() {
        SsrfGuard.Target t = guard.check("https://images.example/a/b.png?x=1");
        assertEquals("images.example", t.host());
        assertEquals(443, t.port());
        assertTrue(t.https());
        assertEquals("93.184.216.34", t.address().getHostAddress());
        assertEquals("/a/b.png?x=1", t.pathAndQuery());
        assertEquals(8080, guard.check("http://images.example:8080").port());
        assertEquals("/", guard.check("http://images.example:8080").pathAndQuery());
        assertNotNull(guard.check("http://v6.example/x.png"));
        assertNotNull(guard.check("http://[2606:2800:220:1:248:1893:25c8:1946]/x.png"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.0.1",
            "169.254.169.254", "169.254.1.1", "100.64.0.1", "100.127.255.254", "0.0.0.0", "0.1.2.3", "224.0.0.1",
            "239.255.255.250", "255.255.255.255", "240.0.0.1", "198.18.0.1", "192.0.0.1", "::1", "::",
            "fe80::1", "fc00::1", "fd00:ec2::254", "ff02::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254",
            "64:ff9b::a00:1", "2001:db8::1"})
    void internalAddressesAreRefused(String address) throws Exception {
        assertFalse(guard.permitted(InetAddress.getByName(address)), address);
        String host = address.contains(":") ? "[" + address + "]" : address;
        assertThrows(SsrfGuard.Refused.class, () -> guard.check("http://" + host + "/x.png"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.0", "172.32.0.1", "169.253.0.1",
            "2a00:1450:4001:81b::200e"})
    void publicAddressesPass(String address) throws Exception {
        assertTrue(guard.permitted(InetAddress.getByName(address)), address);
    }

    @Test
    void aNameIsRefusedIfAnyOfItsAddressesIsInternal() {
        assertThrows(SsrfGuard.Refused.class, () -> guard.check("http://rebind.example/a.png"));
        assertThrows(SsrfGuard.Refused.class, () -> guard.check("http://metadata.example/"));
        assertThrows(SsrfGuard.Refused.class, () -> guard.check("http://mapped.example/"));
        assertThrows(SsrfGuard.Refused.class, () -> guard.check("http://internal.example/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://images.example/a.png", "gopher://images.example/",
            "http://user:secret@images.example/a.png", "http:///nohost", "not a url", "", "//images.example/a.png",
            "http://unknown.example/a.png", "jar:http://images.example/a.jar!/x"})
    void badUrlsAreRefused(String url) {
        SsrfGuard.Refused refused = assertThrows(SsrfGuard.Refused.class, () -> guard.check(url));
        assertFalse(refused.getMessage().isBlank());
    }

    @Test
    void overlongUrlsAreRefused() {
        assertThrows(SsrfGuard.Refused.class, () -> guard.check("http://images.example/" + "a".repeat(2100)));
    }

    @Test
    void anOperatorCanAllowARange() {
        SsrfGuard allowing = new SsrfGuard(SsrfGuardTest::resolve, List.of(Cidr.parse("10.1.0.0/16")));
        assertNotNull(allowing.check("http://internal.example/a.png"));
        assertThrows(SsrfGuard.Refused.class, () -> allowing.check("http://10.2.0.1/a.png"));
    }

    @Test
    void cidrsParseAndMatch() throws Exception {
        Cidr cgnat = Cidr.parse("100.64.0.0/10");
        assertTrue(cgnat.contains(InetAddress.getByName("100.127.1.1")));
        assertFalse(cgnat.contains(InetAddress.getByName("100.128.0.0")));
        assertFalse(cgnat.contains(InetAddress.getByName("::1")));
        assertTrue(Cidr.parse("fc00::/7").contains(InetAddress.getByName("fdff::1")));
        assertTrue(Cidr.parse("192.0.2.7").contains(InetAddress.getByName("192.0.2.7")));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("example.com/8"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
    }
}
