package dev.tandem.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One setting as its key constant and {@link Setting} annotation define it: name, type, default, where it applies,
 * description. Read by reflection from the classes that hold the keys, so a setting is declared in one place only.
 *
 * @param defaultText the default as a configuration file spells it ({@code 21400}, {@code true}, {@code 24h}); empty
 *     for an empty default and for {@link #required()} and {@link #derived()} settings
 */
public record SettingDefinition(String name, Setting.Type type, String defaultText, boolean required, String derived,
    Set<Setting.Where> where, String notInCsd, String description, String constant) {

  /**
   * Every annotated key of the given classes, in declaration order. A {@code tandem.*} key constant without the
   * annotation, or a default twin of a type the setting cannot have, is an error: an undocumented setting.
   */
  public static List<SettingDefinition> of(Class<?>... holders) {
    List<SettingDefinition> out = new ArrayList<>();
    for (Class<?> holder : holders) {
      for (Field field : holder.getDeclaredFields()) {
        if (!Modifier.isStatic(field.getModifiers()) || field.getType() != String.class
            || field.getName().endsWith("_DEFAULT")) {
          continue;
        }
        String key = (String) read(field);
        Setting setting = field.getAnnotation(Setting.class);
        if (setting == null) {
          if (key != null && key.startsWith("tandem.")) {
            throw new IllegalStateException(holder.getSimpleName() + "." + field.getName() + " (" + key
                + ") has no @Setting: document it where it is declared");
          }
          continue;
        }
        out.add(define(holder, field, key, setting));
      }
    }
    return List.copyOf(out);
  }

  private static SettingDefinition define(Class<?> holder, Field field, String key, Setting setting) {
    String constant = holder.getSimpleName() + "." + field.getName();
    Object twin = twin(holder, field.getName() + "_DEFAULT");
    if ((setting.required() || !setting.derived().isEmpty()) && twin != null) {
      throw new IllegalStateException(constant + " is required or derived but has a _DEFAULT twin");
    }
    String text = twin == null ? "" : text(twin);
    return new SettingDefinition(key, setting.type(), text, setting.required(), setting.derived(),
        EnumSet.copyOf(List.of(setting.where())), setting.notInCsd(), setting.value(), constant);
  }

  private static Object twin(Class<?> holder, String name) {
    try {
      return read(holder.getDeclaredField(name));
    } catch (NoSuchFieldException e) {
      return null;
    }
  }

  private static Object read(Field field) {
    try {
      field.setAccessible(true);
      return field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("Cannot read " + field, e);
    }
  }

  /** How Hadoop's configuration files spell a default: durations in the largest whole unit up to hours. */
  static String text(Object value) {
    if (value instanceof Duration d) {
      long ms = d.toMillis();
      if (ms == 0) {
        return "0";
      }
      if (ms % 86_400_000 == 0 && ms > 86_400_000) { // "90d" as operators write it; one day stays "24h"
        return ms / 86_400_000 + "d";
      }
      if (ms % 3_600_000 == 0) {
        return ms / 3_600_000 + "h";
      }
      if (ms % 60_000 == 0) {
        return ms / 60_000 + "m";
      }
      return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
    return String.valueOf(value);
  }

  public boolean appliesTo(Setting.Where file) {
    return where.contains(file);
  }
}
