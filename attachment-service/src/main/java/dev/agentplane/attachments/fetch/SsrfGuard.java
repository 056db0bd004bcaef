package dev.agentplane.attachments.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a URL may be fetched from inside the platform: http(s) only, no credentials in the
 * URL, and every address the host resolves to must be public — no loopback, private, link-local,
 * CGNAT, multicast, reserved or cloud-metadata address. The caller must connect to the returned
 * address (not resolve the name again) so that DNS rebinding cannot swap in an internal one.
 */
public final class SsrfGuard {
    private static final int MAX_URL_LENGTH = 2048;
    private static final List<Cidr> FORBIDDEN = List.of(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
            "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            "::/128", "::1/128", "::/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001:db8::/32",
            "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8").stream().map(Cidr::parse).toList();

    /** Name resolution, replaceable in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Resolver resolver;
    private final List<Cidr> allowed;

    public SsrfGuard(Resolver resolver, List<Cidr> allowed) {
        this.resolver = resolver;
        this.allowed = List.copyOf(allowed);
    }

    /** The checked target to connect to; {@link Refused} with a reason a user can act on otherwise. */
    public Target check(String url) {
        if (url == null || url.isBlank() || url.length() > MAX_URL_LENGTH) {
            throw new Refused("The URL must be 1 to " + MAX_URL_LENGTH + " characters.");
        }
        URI uri;
        try {
            uri = new URI(url.strip()).normalize();
        } catch (java.net.URISyntaxException e) {
            throw new Refused("The URL is not valid.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Refused("Only http and https URLs can be fetched.");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("URLs with credentials are not fetched.");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new Refused("The URL has no host.");
        }
        host = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        int port = uri.getPort() == -1 ? (scheme.equals("https") ? 443 : 80) : uri.getPort();
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new Refused("The host " + host + " could not be resolved.");
        }
        if (addresses == null || addresses.length == 0) {
            throw new Refused("The host " + host + " could not be resolved.");
        }
        // every address must be public: a name that also resolves inside is refused as a whole
        for (InetAddress address : addresses) {
            if (!permitted(address)) {
                throw new Refused("The host " + host + " resolves to a non-public address.");
            }
        }
        return new Target(uri, host, port, scheme.equals("https"), addresses[0]);
    }

    /** Whether a connection to this address is allowed. */
    public boolean permitted(InetAddress address) {
        if (allowed.stream().anyMatch(c -> c.contains(address))) {
            return true;
        }
        return !forbidden(address);
    }

    static boolean forbidden(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        if (FORBIDDEN.stream().anyMatch(c -> c.contains(address))) {
            return true;
        }
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            // an IPv4-mapped address (::ffff:a.b.c.d) reaches the IPv4 address inside it
            boolean mapped = isZero(b, 0, 10) && (b[10] & 0xFF) == 0xFF && (b[11] & 0xFF) == 0xFF;
            if (mapped) {
                return forbidden(v4(Arrays.copyOfRange(b, 12, 16)));
            }
        }
        return false;
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Inet4Address v4(byte[] b) {
        try {
            return (Inet4Address) InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A URL that passed the check, with the address to connect to. */
    public record Target(URI uri, String host, int port, boolean https, InetAddress address) {
        public String pathAndQuery() {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        }
    }

    /** The URL may not be fetched; the message says why. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }
}
