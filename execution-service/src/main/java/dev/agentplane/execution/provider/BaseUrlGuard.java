package dev.agentplane.execution.provider;

import dev.agentplane.execution.webhook.guard.AddressGuard;
import dev.agentplane.execution.webhook.guard.HostResolver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The SSRF guard on the base URLs workspaces register (the platform sends their prompts and keys there): https,
 * and every address the host resolves to public, unless the operator allows its range. The webhook guard's rules.
 */
@ApplicationScoped
public class BaseUrlGuard {
    private final AddressGuard guard;
    private final HostResolver resolver;

    @Inject
    public BaseUrlGuard(HostResolver resolver, CredentialsConfig config) {
        this.resolver = resolver;
        this.guard = new AddressGuard(resolver, config.allowRanges().orElse(List.of()), config.allowHttp());
    }

    /** The URL without a trailing slash; 400 PROVIDER_URL_NOT_ALLOWED naming why. Blocking (DNS). */
    public String check(String url) {
        URI uri;
        try {
            uri = guard.checkForm(url);
        } catch (AddressGuard.Refused e) {
            throw refused(e.getMessage());
        }
        if (uri.getRawQuery() != null) {
            throw refused("must not have a query");
        }
        String host = uri.getHost();
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            addresses = List.of();
        }
        if (addresses.isEmpty()) {
            throw refused("has a host name that does not resolve");
        }
        for (InetAddress address : addresses) {
            String why = guard.refusal(address);
            if (why != null) {
                throw refused("resolves to " + why + " address, which the platform does not call");
            }
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static RuntimeException refused(String why) {
        return ProviderErrors.PROVIDER_URL_NOT_ALLOWED.error("base_url", why);
    }
}
