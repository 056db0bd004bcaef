package dev.agentplane.execution.webhook.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Turns a host name into addresses; the system resolver in production, a stub in tests. */
public interface HostResolver {
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
