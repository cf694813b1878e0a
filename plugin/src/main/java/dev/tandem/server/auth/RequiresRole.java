package dev.tandem.server.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The least role a resource method needs. Every resource method carries this or {@link Public}; the
 * {@link AuthFilter} refuses methods that carry neither, so a forgotten annotation fails closed.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequiresRole {
  Role value();
}
