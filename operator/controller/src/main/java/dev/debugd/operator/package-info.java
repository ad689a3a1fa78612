/**
 * The Kubernetes operator: reconcilers of Tenant, Integration and AgentProfile, their dependent resources, and the
 * pure models from a resource to what it should own (ARCHITECTURE §1, §8).
 */
package dev.debugd.operator;
