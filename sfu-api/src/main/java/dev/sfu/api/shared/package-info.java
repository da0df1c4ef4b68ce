/**
 * What every part of the control plane shares, below them all: error replies ({@code ApiException},
 * {@code ApiErrors}), the rules for names, identities and metadata ({@code FieldRules}), the protection counters,
 * the drain state and the slow-client guard. Imports nothing from the other {@code dev.sfu.api} packages.
 */
package dev.sfu.api.shared;
