package dev.tandem.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class that starts real components (MiniDFSCluster, Hive metastores, ZooKeeper, MiniKdc, Chromium, server
 * processes). Surefire runs every other test (the unit tier, seconds); failsafe runs these in the same
 * {@code mvn verify}. Inherited, so the sandbox base classes carry it for their subclasses.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag("real-components")
public @interface RealComponents {}
