package dev.tandem.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How the sandbox of a {@link HiveSandboxTest} class is started, where a class needs other than the sandbox's
 * defaults (one sandbox per class, so the setting is per class).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
public @interface SandboxSettings {
  /**
   * {@code dfs.namenode.snapshot.capture.openfiles} of both sites' NameNodes: on by default in the sandbox, as
   * Tandem recommends; off is what a production NameNode does unless told.
   */
  boolean captureOpenFiles() default true;
}
