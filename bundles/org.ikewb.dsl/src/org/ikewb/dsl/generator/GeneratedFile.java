package org.ikewb.dsl.generator;

/**
 * One file a generator writes: a device config, or (only when asked) the separate file holding
 * secrets, which the writer creates with owner-only permissions.
 */
public record GeneratedFile(String name, String content, boolean secret) {
}
