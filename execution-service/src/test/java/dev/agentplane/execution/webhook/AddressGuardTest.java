package dev.agentplane.execution.webhook;

import dev.agentplane.execution.webhook.guard.AddressGuard;
import dev.agentplane.execution.webhook.guard.HostResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The SSRF guard with a stubbed resolver: names resolve to whatever the test says, so refused ranges are proven
 * without any traffic (nothing here opens a connection).
 */
class AddressGuardTest {
    private final Map<String, List<InetAddress>> dns = new HashMap<>();
    private final HostResolver resolver = host -> {
        List<InetAddress> answer = dns.get(host);
        if (answer == null) {
            // literals resolve to themselves without DNS; anything else is unknown here
            if (host.matches("[0-9a-fA-F:.]+")) {
                return List.of(InetAddress.getByName(host));
            }
            throw new UnknownHostException(host);
        }
        return answer;
    };
    private final AddressGuard guard = new AddressGuard(resolver, List.of(), false);

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "169.254.169.254", "169.254.0.1", "100.64.0.1", "0.0.0.0", "224.0.0.251", "239.255.255.250",
            "240.0.0.1", "255.255.255.255", "198.18.0.1", "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254",
            "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe",
            "64:ff9b::7f00:1"})
    void refusesNamesResolvingToNonPublicAddresses(String address) {
        dns.put("victim.example", List.of(ip(address)));
        AddressGuard.Refused refused = assertThrows(AddressGuard.Refused.class,
                () -> guard.check("https://victim.example/hook"));
        assertTrue(refused.getMessage().startsWith("resolves to "), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/hook", "https://[::1]:8443/hook", "https://169.254.169.254/latest",
            "https://10.0.0.1/", "https://[fe80::1]/"})
    void refusesLiteralAddresses(String url) {
        assertThrows(AddressGuard.Refused.class, () -> guard.check(url));
    }

    @Test
    void acceptsPublicAddressesAndAnswersTheCheckedOneToConnectTo() throws Exception {
        dns.put("hooks.example.com", List.of(ip("93.184.216.34")));
        AddressGuard.Target target = guard.check("https://hooks.example.com/in?x=1");
        assertEquals(ip("93.184.216.34"), target.address());
        assertEquals("hooks.example.com", target.host());
        assertEquals(443, target.port());
        assertTrue(target.https());
        assertEquals("/in?x=1", target.pathAndQuery());
        dns.put("v6.example.com", List.of(ip("2606:4700::1111")));
        assertEquals(ip("2606:4700::1111"), guard.check("https://v6.example.com").address());
    }

    @Test
    void oneRefusedAnswerAmongSeveralRefusesTheName() {
        dns.put("mixed.example.com", List.of(ip("93.184.216.34"), ip("10.0.0.7")));
        assertThrows(AddressGuard.Refused.class, () -> guard.check("https://mixed.example.com/"));
    }

    @Test
    void aNameThatLaterResolvesElsewhereIsRefusedAtThatCheck() throws Exception {
        dns.put("rebind.example.com", List.of(ip("93.184.216.34")));
        guard.check("https://rebind.example.com/");
        dns.put("rebind.example.com", List.of(ip("169.254.169.254")));
        assertThrows(AddressGuard.Refused.class, () -> guard.check("https://rebind.example.com/"));
    }

    @Test
    void httpsOnlyUnlessAllowedAndNoCredentialsOrFragments() {
        dns.put("hooks.example.com", List.of(ip("93.184.216.34")));
        assertThrows(AddressGuard.Refused.class, () -> guard.check("http://hooks.example.com/"));
        assertThrows(AddressGuard.Refused.class, () -> guard.check("ftp://hooks.example.com/"));
        assertThrows(AddressGuard.Refused.class, () -> guard.check("https://user:pw@hooks.example.com/"));
        assertThrows(AddressGuard.Refused.class, () -> guard.check("https://hooks.example.com/#x"));
        assertThrows(AddressGuard.Refused.class, () -> guard.check("not a url"));
        assertThrows(AddressGuard.Refused.class, () -> guard.check("https:///path"));
        assertThrows(AddressGuard.Refused.class, () -> guard.check("https://unknown.example.com/"));
        AddressGuard lenient = new AddressGuard(resolver, List.of(), true);
        assertDoesNotThrow(() -> lenient.check("http://hooks.example.com/"));
    }

    @Test
    void operatorRangesAllowExactlyWhatTheyName() throws Exception {
        AddressGuard allowing = new AddressGuard(resolver, List.of("127.0.0.1/32", "10.20.0.0/16"), true);
        assertEquals(ip("127.0.0.1"), allowing.check("http://127.0.0.1:8080/hook").address());
        assertDoesNotThrow(() -> allowing.check("http://10.20.3.4/hook"));
        assertThrows(AddressGuard.Refused.class, () -> allowing.check("http://127.0.0.2/hook"));
        assertThrows(AddressGuard.Refused.class, () -> allowing.check("http://10.21.0.1/hook"));
        assertThrows(AddressGuard.Refused.class, () -> allowing.check("http://169.254.169.254/hook"));
        assertThrows(IllegalArgumentException.class,
                () -> new AddressGuard(resolver, List.of("internal.example.com/8"), true));
    }
}
