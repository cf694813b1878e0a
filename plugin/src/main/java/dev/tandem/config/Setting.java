package dev.tandem.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a configuration key constant ({@code public static final String X = "tandem.x"}) as a documented setting.
 * The annotated constant, its optional {@code X_DEFAULT} twin in the same class and this annotation are the whole
 * definition: the README's configuration reference is generated from them, and a test checks that the Ambari pack's
 * tandem-site.xml and the Cloudera CSD declare the setting with the same default (see {@link SettingDefinition}).
 *
 * <p>Adding a setting: declare the annotated key (and its {@code _DEFAULT} twin) in {@code TandemProperties},
 * read it through those constants, then run {@code ConfigurationReferenceTest}: it prints what to add to the pack,
 * the CSD and the README.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Setting {
  /** What the setting means, for operators (Markdown, one paragraph). */
  String value();

  Type type() default Type.TEXT;

  /** No default: the server refuses to start without it. */
  boolean required() default false;

  /**
   * The default is not a constant but taken from elsewhere, in words (e.g. {@code fs.defaultFS}); the packs leave
   * the value empty and derive it or let the server do so.
   */
  String derived() default "";

  /** Which configuration file holds it. */
  Where[] where() default {Where.SERVER};

  /** Non-empty: the Cloudera CSD deliberately does not offer this setting, for this reason. */
  String notInCsd() default "";

  /** How a value is spelled. */
  enum Type {
    TEXT, NUMBER, BOOLEAN, DURATION, PASSWORD, PATH, URL;

    public String label() {
      return switch (this) {
        case DURATION -> "duration (`90s`, `5m`, `24h`)";
        default -> name().toLowerCase(java.util.Locale.ROOT);
      };
    }
  }

  /** The configuration file a setting lives in. */
  enum Where {
    /** {@code <conf-dir>/tandem-site.xml} of every Tandem server (Ambari: tandem-site; CSD: the role's). */
    SERVER("tandem-site"),
    /** {@code hive-site.xml} of every Hive metastore with the fence listener (recommended by the pack's advisor). */
    METASTORE("hive-site");

    private final String file;

    Where(String file) {
      this.file = file;
    }

    public String file() {
      return file;
    }
  }
}
