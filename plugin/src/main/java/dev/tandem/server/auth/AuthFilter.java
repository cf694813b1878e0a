package dev.tandem.server.auth;

import dev.tandem.server.error.ForbiddenException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import java.lang.reflect.Method;
import java.security.Principal;

/**
 * Authenticates every request to a resource method and checks the method's {@link RequiresRole}. Failures are
 * thrown as exceptions, so that the one exception mapper writes the 401/403 body like every other error.
 */
@Priority(Priorities.AUTHENTICATION)
public final class AuthFilter implements ContainerRequestFilter {
  /** Request property: the authenticated caller, also when the role check then refuses the request. */
  public static final String CALLER = AuthFilter.class.getName() + ".caller";
  private final Authenticator authenticator;

  @Context
  private ResourceInfo resource;

  public AuthFilter(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    Method method = resource.getResourceMethod();
    if (method == null || method.isAnnotationPresent(Public.class)) {
      return; // unmatched requests end in a 404 or 405 from Jersey; public ones need no caller
    }
    if (!method.getDeclaringClass().getName().startsWith("dev.tandem.")) {
      return; // Jersey's own OPTIONS answer: the Allow header of a path, nothing a caller is not shown anyway
    }
    RequiresRole required = method.getAnnotation(RequiresRole.class);
    if (required == null) {
      throw new IllegalStateException("Resource method " + method + " declares no role");
    }
    Caller caller = authenticator.authenticate(request::getHeaderString,
        ClientAddress.current());
    request.setProperty(CALLER, caller); // for the audit entry of a request refused below
    if (!caller.role().includes(required.value())) {
      throw new ForbiddenException("User '" + caller.user() + "' has role " + caller.role().label() + "; "
          + request.getMethod() + " /" + request.getUriInfo().getPath() + " needs " + required.value().label());
    }
    boolean secure = request.getSecurityContext().isSecure();
    request.setSecurityContext(new SecurityContext() {
      @Override
      public Principal getUserPrincipal() {
        return caller;
      }

      @Override
      public boolean isUserInRole(String role) {
        return caller.role().includes(Role.parse(role, "role"));
      }

      @Override
      public boolean isSecure() {
        return secure;
      }

      @Override
      public String getAuthenticationScheme() {
        return caller.via().equals("basic") ? BASIC_AUTH : caller.via();
      }
    });
  }
}
