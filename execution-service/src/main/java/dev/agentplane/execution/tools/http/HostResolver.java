package dev.agentplane.execution.tools.http;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Turns a host name into addresses; a seam so the guard's tests resolve names to any address they like. */
public interface HostResolver {
    InetAddress[] resolve(String host) throws UnknownHostException;

    HostResolver SYSTEM = InetAddress::getAllByName;
}
