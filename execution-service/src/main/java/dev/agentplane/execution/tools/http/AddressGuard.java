package dev.agentplane.execution.tools.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Decides which addresses a tool may connect to (SSRF guard). Every address a host resolves to is checked
 * — one refused address refuses the host, so a name cannot hide an internal address among public ones —
 * and the caller connects to the checked address itself, never resolving again. Refused: loopback,
 * unspecified, private (RFC 1918, carrier-grade NAT, IPv6 unique local), link-local (cloud metadata lives
 * there: 169.254.169.254, fd00:ec2::254 is unique local), multicast, broadcast and reserved ranges, unless an
 * operator allowed the range. Numeric host spellings the C resolver accepts ({@code 2130706433},
 * {@code 0x7f.1}, {@code 017700000001}) are read as the address they mean.
 */
public class AddressGuard {
    private static final Map<String, String> REFUSED_RANGES = Map.ofEntries(
            Map.entry("0.0.0.0/8", "unspecified"), Map.entry("10.0.0.0/8", "private"),
            Map.entry("100.64.0.0/10", "private (carrier-grade NAT)"), Map.entry("127.0.0.0/8", "loopback"),
            Map.entry("169.254.0.0/16", "link-local (cloud metadata)"), Map.entry("172.16.0.0/12", "private"),
            Map.entry("192.0.0.0/24", "reserved"), Map.entry("192.0.2.0/24", "reserved"),
            Map.entry("192.168.0.0/16", "private"), Map.entry("198.18.0.0/15", "reserved"),
            Map.entry("198.51.100.0/24", "reserved"), Map.entry("203.0.113.0/24", "reserved"),
            Map.entry("224.0.0.0/4", "multicast"), Map.entry("240.0.0.0/4", "reserved (and broadcast)"),
            Map.entry("::/128", "unspecified"), Map.entry("::1/128", "loopback"),
            Map.entry("::/96", "reserved (IPv4-compatible)"), Map.entry("64:ff9b::/96", "reserved (NAT64)"),
            Map.entry("100::/64", "reserved (discard)"), Map.entry("2001:db8::/32", "reserved"),
            Map.entry("fc00::/7", "private (unique local)"), Map.entry("fe80::/10", "link-local"),
            Map.entry("fec0::/10", "private (site-local)"), Map.entry("ff00::/8", "multicast"));
    private static final List<Map.Entry<Cidr, String>> REFUSED = REFUSED_RANGES.entrySet().stream()
            .map(e -> Map.entry(Cidr.parse(e.getKey()), e.getValue())).toList();
    /** Looks like an IPv4 number in some spelling (decimal, octal, hex parts); never a name to look up. */
    private static final Pattern NUMERIC = Pattern.compile("(?i)^(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+)){0,3}\\.?$");

    private final List<Cidr> allowed;
    private final HostResolver resolver;

    public AddressGuard(List<String> allowedRanges, HostResolver resolver) {
        this.allowed = allowedRanges.stream().filter(r -> !r.isBlank()).map(Cidr::parse).toList();
        this.resolver = resolver;
    }

    /** Why an address is refused, or null when a tool may connect to it. */
    public String refusal(InetAddress address) {
        for (Cidr range : allowed) {
            if (range.contains(address)) {
                return null;
            }
        }
        if (address.isLoopbackAddress()) {
            return "loopback";
        }
        if (address.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (address.isLinkLocalAddress()) {
            return "link-local";
        }
        if (address.isSiteLocalAddress()) {
            return "private";
        }
        if (address.isMulticastAddress()) {
            return "multicast";
        }
        for (Map.Entry<Cidr, String> range : REFUSED) {
            if (range.getKey().contains(address)) {
                return range.getValue();
            }
        }
        return null;
    }

    /**
     * The addresses of {@code host} a tool may connect to (all of them are allowed), or {@link Refused}
     * naming why not.
     */
    public List<InetAddress> check(String host) throws Refused {
        if (host == null || host.isBlank()) {
            throw new Refused("the URL has no host");
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        InetAddress[] addresses;
        try {
            InetAddress numeric = numeric(h);
            if (numeric != null) {
                addresses = new InetAddress[]{numeric};
            } else if (h.indexOf(':') >= 0) {
                addresses = new InetAddress[]{literal6(h)};
            } else {
                addresses = resolver.resolve(h);
            }
        } catch (UnknownHostException e) {
            throw new Refused("the host '" + host + "' cannot be resolved");
        }
        if (addresses == null || addresses.length == 0) {
            throw new Refused("the host '" + host + "' cannot be resolved");
        }
        List<InetAddress> ok = new ArrayList<>();
        for (InetAddress address : addresses) {
            String why = refusal(address);
            if (why != null) {
                throw new Refused("the host '" + host + "' is a " + why + " address, which tools may not reach");
            }
            ok.add(address);
        }
        return ok;
    }

    /** An IPv4 address in any spelling inet_aton accepts, or null when {@code host} is not numeric. */
    static InetAddress numeric(String host) throws UnknownHostException {
        if (!NUMERIC.matcher(host).matches()) {
            return null;
        }
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String[] parts = h.split("\\.");
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = part(parts[i], host);
        }
        long value = 0;
        int last = parts.length - 1;
        for (int i = 0; i < last; i++) {
            if (values[i] > 0xff) {
                throw new UnknownHostException(host);
            }
            value = value << 8 | values[i];
        }
        int restBits = 8 * (4 - last);
        if (values[last] >= 1L << restBits) {
            throw new UnknownHostException(host);
        }
        value = value << restBits | values[last];
        byte[] bytes = {(byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value};
        return InetAddress.getByAddress(host, bytes);
    }

    private static long part(String p, String host) throws UnknownHostException {
        try {
            if (p.startsWith("0x")) {
                return p.length() == 2 ? 0 : Long.parseLong(p.substring(2), 16);
            }
            if (p.length() > 1 && p.startsWith("0")) {
                return Long.parseLong(p.substring(1), 8);
            }
            return Long.parseLong(p);
        } catch (NumberFormatException e) {
            throw new UnknownHostException(host);
        }
    }

    private static InetAddress literal6(String host) throws UnknownHostException {
        if (!host.matches("[0-9a-f:.]+")) {
            throw new UnknownHostException(host);
        }
        return InetAddress.getByName(host);
    }

    /** A URL a tool may not fetch; the message is safe to show the model and the user. */
    public static class Refused extends Exception {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }
}
