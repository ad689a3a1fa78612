package dev.debugd.operator.tenant;

/** What a Tenant has in the platform's servers: its work queues (with dead-letter queues) and its outputs topic. */
record TenantProvisioned(String tenant, String outputsTopic) {}
