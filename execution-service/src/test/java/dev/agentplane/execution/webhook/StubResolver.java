package dev.agentplane.execution.webhook;

import dev.agentplane.execution.webhook.guard.HostResolver;
import dev.agentplane.execution.webhook.guard.SystemHostResolver;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The webhook guard's resolver in module tests: names under {@code .webhooks.test} resolve to what a test sets
 * (so that refused ranges and DNS changes are proven without sending anywhere); everything else goes to the
 * system resolver.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class StubResolver implements HostResolver {
    private final Map<String, List<InetAddress>> names = new ConcurrentHashMap<>();
    private final SystemHostResolver system = new SystemHostResolver();

    public void set(String name, String... addresses) {
        names.put(name, java.util.Arrays.stream(addresses).map(a -> {
            try {
                return InetAddress.getByName(a);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(e);
            }
        }).toList());
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        if (host.endsWith(".webhooks.test")) {
            List<InetAddress> answer = names.get(host);
            if (answer == null) {
                throw new UnknownHostException(host);
            }
            return answer;
        }
        return system.resolve(host);
    }
}
