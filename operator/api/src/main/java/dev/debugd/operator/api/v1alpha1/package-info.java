/**
 * The custom resources of debugd.dev/v1alpha1: {@link dev.debugd.operator.api.v1alpha1.Tenant},
 * {@link dev.debugd.operator.api.v1alpha1.Integration} and {@link dev.debugd.operator.api.v1alpha1.AgentProfile}. Their
 * CRDs in crds/ are generated from these types; field descriptions become the schema's, so `kubectl explain` shows them.
 */
package dev.debugd.operator.api.v1alpha1;
