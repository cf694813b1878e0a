package dev.tandem.server.api;

/**
 * A change between two versions that is nobody's right: a queue's setting, a policy's resources, a source that
 * started or stopped being captured.
 *
 * @param before the old value, "" when it did not exist
 * @param after the new value, "" when it is gone
 */
public record ResourceChangeDto(String source, String subject, String before, String after) {}
