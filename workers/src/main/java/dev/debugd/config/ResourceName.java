package dev.debugd.config;

import java.util.regex.Pattern;

/**
 * The name of a Tenant, Integration or AgentProfile: a DNS label, as Kubernetes names resources. A tenant's name is its
 * id everywhere (record keys, queues, tokens), so every part that takes one checks it the same way.
 */
public final class ResourceName {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private ResourceName() {}

    public static boolean isValid(String name) {
        return name != null && DNS_LABEL.matcher(name).matches();
    }
}
