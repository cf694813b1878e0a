package dev.tandem.server.ui;

import freemarker.core.HTMLOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.ext.beans.ZeroArgumentNonVoidMethodPolicy;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

/**
 * The web UI's FreeMarker templates ({@code tandem-ui/templates/*.ftlh} on the class path). Every template is
 * HTML with auto-escaping: {@code ${x}} is always escaped, whatever x holds. Templates cannot create Java
 * objects ({@code ?new}) or reach the API built-in. A template error is a bug and throws.
 */
final class Templates {
  static final String ROOT = "/tandem-ui/templates";

  private final Configuration config;

  Templates() {
    config = new Configuration(Configuration.VERSION_2_3_34);
    config.setClassForTemplateLoading(Templates.class, ROOT);
    config.setDefaultEncoding("UTF-8");
    config.setOutputFormat(HTMLOutputFormat.INSTANCE);
    config.setRecognizeStandardFileExtensions(true);
    config.setAutoEscapingPolicy(Configuration.ENABLE_IF_SUPPORTED_AUTO_ESCAPING_POLICY);
    config.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    config.setLogTemplateExceptions(false);
    config.setWrapUncheckedExceptions(true);
    config.setFallbackOnNullLoopVariable(false);
    config.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
    config.setAPIBuiltinEnabled(false);
    config.setLocale(Locale.US);
    config.setTimeZone(TimeZone.getTimeZone("UTC"));
    config.setNumberFormat("computer");
    config.setBooleanFormat("c");
    config.setURLEscapingCharset("UTF-8");
    DefaultObjectWrapperBuilder wrapper = new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34);
    // Records and Tandem's own classes name accessors without "get" ({@code run.state()}): templates read them
    // as properties ({@code run.state}), as they would read a bean's getter.
    wrapper.setDefaultZeroArgumentNonVoidMethodPolicy(
        ZeroArgumentNonVoidMethodPolicy.BOTH_METHOD_AND_PROPERTY_UNLESS_BEAN_PROPERTY_READ_METHOD);
    wrapper.setRecordZeroArgumentNonVoidMethodPolicy(
        ZeroArgumentNonVoidMethodPolicy.BOTH_METHOD_AND_PROPERTY_UNLESS_BEAN_PROPERTY_READ_METHOD);
    config.setObjectWrapper(wrapper.build());
  }

  /** Renders {@code name} (e.g. {@code runs.ftlh}) with {@code model}. */
  String render(String name, Map<String, Object> model) {
    try {
      StringWriter out = new StringWriter();
      config.getTemplate(name).process(model, out);
      return out.toString();
    } catch (IOException | TemplateException e) {
      throw new IllegalStateException("Cannot render page template " + name + ": " + e.getMessage(), e);
    }
  }
}
