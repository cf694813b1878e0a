package dev.tandem.server.resource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What the OpenAPI description says of a resource method beyond what JAX-RS annotations already say (path,
 * method, parameters, request body type).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ApiDoc {
  String summary();

  /** Status of the successful response. */
  int status() default 200;

  /** Body of the successful response; {@code Void} for none. */
  Class<?> response() default Void.class;

  /** The successful response is a JSON array of {@link #response}. */
  boolean list() default false;

  /** Error statuses this operation can answer besides 401, 403 and 500, which every protected one can. */
  int[] errors() default {};
}
