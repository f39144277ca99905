package org.protoface.config;

/** A configuration that cannot be used; the message names the file, section or key. */
public class ConfigException extends IllegalArgumentException {
    public ConfigException(String message) {
        super(message);
    }
}
