package dev.agentplane.execution.webhook.guard;

import dev.agentplane.execution.webhook.WebhookConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * The SSRF guard of webhook URLs: a subscriber URL must be https (http only when an operator allows it) and every
 * address its host resolves to must be public — not loopback, private, shared (CGNAT), link-local (the cloud
 * metadata address 169.254.169.254 among them), multicast, reserved or unspecified, in IPv4 or IPv6 (IPv4-mapped
 * and NAT64 addresses are judged by the IPv4 address inside). Operators may allow ranges
 * ({@code agentplane.webhooks.allow-ranges}). Checked at subscribe time and again at every attempt, because DNS
 * answers change; the sender then connects to the checked address, never resolving the name again.
 */
@ApplicationScoped
public class AddressGuard {
    private static final List<Cidr> REFUSED = List.of(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
            "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            "::/128", "::1/128", "100::/64", "2001:db8::/32", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8")
            .stream().map(Cidr::parse).toList();

    private final HostResolver resolver;
    private final List<Cidr> allowed;
    private final boolean allowHttp;

    @Inject
    public AddressGuard(HostResolver resolver, WebhookConfig config) {
        this(resolver, config.allowRanges().orElse(List.of()), config.allowHttp());
    }

    public AddressGuard(HostResolver resolver, List<String> allowRanges, boolean allowHttp) {
        this.resolver = resolver;
        this.allowed = allowRanges.stream().filter(s -> !s.isBlank()).map(Cidr::parse).toList();
        this.allowHttp = allowHttp;
    }

    /** A refusal, with a reason fit for the user (it names the kind of address, not the resolved one). */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Where one attempt connects: the URL's parts and the checked address. */
    public record Target(URI uri, String host, int port, boolean https, InetAddress address, String pathAndQuery) {
    }

    /** Checks the URL's form only (no resolution): scheme, host, no credentials, no fragment. */
    public URI checkForm(String url) throws Refused {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new Refused("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && allowHttp)) {
            throw new Refused(allowHttp ? "must be an http or https URL" : "must be an https URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new Refused("must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("must not carry credentials");
        }
        if (uri.getRawFragment() != null) {
            throw new Refused("must not have a fragment");
        }
        return uri;
    }

    /**
     * Resolves the URL's host and checks every address; answers the first, which the caller must connect to.
     * Blocking (DNS): call it from a worker thread.
     */
    public Target check(String url) throws Refused {
        URI uri = checkForm(url);
        String host = uri.getHost();
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            throw new Refused("has a host name that does not resolve");
        }
        if (addresses.isEmpty()) {
            throw new Refused("has a host name that does not resolve");
        }
        // one refused address refuses the name: a resolver answering a public and a private address must not win
        // by the order of its answers
        for (InetAddress address : addresses) {
            String why = refusal(address);
            if (why != null) {
                throw new Refused("resolves to " + why + " address, which webhooks are not sent to");
            }
        }
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String pathAndQuery = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        return new Target(uri, bare, port, https, addresses.get(0), pathAndQuery);
    }

    /** Null when webhooks may go to this address, else the kind of address ("a loopback"). */
    public String refusal(InetAddress address) {
        for (Cidr range : allowed) {
            if (range.contains(address)) {
                return null;
            }
        }
        InetAddress judged = embeddedIpv4(address);
        if (judged.isLoopbackAddress()) {
            return "a loopback";
        }
        if (judged.isLinkLocalAddress()) {
            return "a link-local or metadata";
        }
        if (judged.isMulticastAddress()) {
            return "a multicast";
        }
        if (judged.isSiteLocalAddress() || judged.isAnyLocalAddress()) {
            return "a private";
        }
        for (Cidr range : REFUSED) {
            if (range.contains(judged)) {
                return "a private or reserved";
            }
        }
        return null;
    }

    /** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible or NAT64 (64:ff9b::/96) one. */
    static InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] b = address.getAddress();
        boolean zeros10 = true;
        for (int i = 0; i < 10; i++) {
            zeros10 &= b[i] == 0;
        }
        boolean mapped = zeros10 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeros10 && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0);
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff
                && (b[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        if (!mapped && !compatible && !nat64) {
            return address;
        }
        try {
            return Inet4Address.getByAddress(new byte[]{b[12], b[13], b[14], b[15]});
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
