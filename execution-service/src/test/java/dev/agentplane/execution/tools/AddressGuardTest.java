package dev.agentplane.execution.tools;

import dev.agentplane.execution.tools.http.AddressGuard;
import dev.agentplane.execution.tools.http.HostResolver;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The SSRF guard decides on addresses only: names resolve through a stubbed resolver, nothing is ever sent.
 */
class AddressGuardTest {
    /** Names the stub knows; anything else is unknown. */
    private static final Map<String, List<String>> DNS = Map.of(
            "public.example", List.of("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"),
            "metadata.example", List.of("169.254.169.254"),
            "mixed.example", List.of("93.184.216.34", "10.0.0.7"),
            "internal.example", List.of("192.168.1.20"),
            "v6private.example", List.of("fd00:ec2::254"));
    private static final HostResolver STUB = host -> {
        List<String> addresses = DNS.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        InetAddress[] out = new InetAddress[addresses.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = InetAddress.getByName(addresses.get(i));
        }
        return out;
    };

    private final AddressGuard guard = new AddressGuard(List.of(), STUB);

    private String refusedBecause(AddressGuard g, String host) {
        AddressGuard.Refused refused = assertThrows(AddressGuard.Refused.class, () -> g.check(host), host);
        return refused.getMessage();
    }

    @Test
    void loopbackInEverySpellingIsRefused() {
        for (String host : List.of("127.0.0.1", "127.1", "2130706433", "0x7f.1", "0x7f000001", "017700000001",
                "0177.0.0.1", "127.0.0.1.", "[::1]", "::1", "[::ffff:127.0.0.1]", "[0:0:0:0:0:0:0:1]", "0", "0.0.0.0",
                "[::]")) {
            String why = refusedBecause(guard, host);
            assertTrue(why.contains("loopback") || why.contains("unspecified"), host + ": " + why);
        }
    }

    @Test
    void privateLinkLocalMetadataMulticastAndReservedRangesAreRefused() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("10.1.2.3", "private"), Map.entry("172.16.0.1", "private"), Map.entry("172.31.255.254", "private"),
                Map.entry("192.168.0.10", "private"), Map.entry("100.64.0.1", "carrier-grade"),
                Map.entry("100.100.100.200", "carrier-grade"), Map.entry("169.254.169.254", "link-local"),
                Map.entry("[fe80::1]", "link-local"), Map.entry("[fd00:ec2::254]", "unique local"),
                Map.entry("[fc00::1]", "unique local"), Map.entry("224.0.0.251", "multicast"),
                Map.entry("[ff02::1]", "multicast"), Map.entry("255.255.255.255", "broadcast"),
                Map.entry("240.0.0.1", "reserved"), Map.entry("198.18.0.1", "reserved"),
                Map.entry("[::ffff:10.0.0.1]", "private"), Map.entry("[64:ff9b::a00:1]", "NAT64"),
                Map.entry("0xa.1", "private"), Map.entry("3232235777", "private"),
                Map.entry("metadata.example", "link-local"), Map.entry("internal.example", "private"),
                Map.entry("v6private.example", "unique local"));
        cases.forEach((host, reason) -> {
            String why = refusedBecause(guard, host);
            assertTrue(why.contains(reason), host + ": " + why);
        });
    }

    @Test
    void oneInternalAddressAmongPublicOnesRefusesTheName() {
        assertTrue(refusedBecause(guard, "mixed.example").contains("private"));
    }

    @Test
    void publicAddressesPassAndAreWhatTheCallerConnectsTo() throws Exception {
        List<InetAddress> addresses = guard.check("public.example");
        assertEquals(List.of("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"),
                addresses.stream().map(InetAddress::getHostAddress).toList());
        assertEquals("93.184.216.34", guard.check("93.184.216.34").get(0).getHostAddress());
        assertEquals("8.8.8.8", guard.check("134744072").get(0).getHostAddress());
    }

    @Test
    void unknownNamesAndMalformedNumbersAreRefused() {
        assertTrue(refusedBecause(guard, "nowhere.example").contains("cannot be resolved"));
        assertTrue(refusedBecause(guard, "1.2.3.4.5").contains("cannot be resolved")
                || refusedBecause(guard, "1.2.3.4.5").contains("refused"));
        assertTrue(refusedBecause(guard, "4294967296").contains("cannot be resolved"));
        assertTrue(refusedBecause(guard, "[fe80::1%eth0]").contains("cannot be resolved"));
        assertTrue(refusedBecause(guard, "").contains("no host"));
    }

    @Test
    void operatorsAllowRangesAndOnlyThose() throws Exception {
        AddressGuard allowing = new AddressGuard(List.of("127.0.0.1/32", "10.20.0.0/16"), STUB);
        assertEquals("127.0.0.1", allowing.check("127.0.0.1").get(0).getHostAddress());
        assertEquals("127.0.0.1", allowing.check("2130706433").get(0).getHostAddress());
        assertEquals("10.20.3.4", allowing.check("10.20.3.4").get(0).getHostAddress());
        assertTrue(refusedBecause(allowing, "127.0.0.2").contains("loopback"));
        assertTrue(refusedBecause(allowing, "[::1]").contains("loopback"));
        assertTrue(refusedBecause(allowing, "10.21.0.1").contains("private"));
        assertTrue(refusedBecause(allowing, "metadata.example").contains("link-local"));
        assertThrows(IllegalArgumentException.class, () -> new AddressGuard(List.of("localhost/8"), STUB));
        assertThrows(IllegalArgumentException.class, () -> new AddressGuard(List.of("10.0.0.0/33"), STUB));
        assertFalse(Arrays.asList(allowing.check("public.example").toArray()).isEmpty());
    }
}
