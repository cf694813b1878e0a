package dev.tandem.view;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.ambari.view.AmbariStreamProvider;
import org.apache.ambari.view.DataStore;
import org.apache.ambari.view.HttpImpersonator;
import org.apache.ambari.view.ImpersonatorSetting;
import org.apache.ambari.view.ResourceProvider;
import org.apache.ambari.view.URLStreamProvider;
import org.apache.ambari.view.ViewContext;
import org.apache.ambari.view.ViewController;
import org.apache.ambari.view.ViewDefinition;
import org.apache.ambari.view.ViewInstanceDefinition;

/**
 * A ViewContext as Ambari would inject it into a view instance: the logged-in user and the instance's
 * properties. What the view does not use fails loudly, so a test notices when the view starts to.
 */
public final class FakeViewContext implements ViewContext {
  private final String user;
  private final Map<String, String> properties = new HashMap<String, String>();
  private final Map<String, String> instanceData = new HashMap<String, String>();

  public FakeViewContext(String user, String serverUrl, String secret) {
    this.user = user;
    if (serverUrl != null) {
      properties.put(ViewSettings.SERVER_URL, serverUrl);
    }
    if (secret != null) {
      properties.put(ViewSettings.SECRET, secret);
    }
  }

  @Override public String getUsername() { return user; }
  @Override public Map<String, String> getProperties() { return properties; }
  @Override public String getViewName() { return "TANDEM"; }
  @Override public String getInstanceName() { return "tandem"; }
  @Override public void putInstanceData(String key, String value) { instanceData.put(key, value); }
  @Override public String getInstanceData(String key) { return instanceData.get(key); }
  @Override public Map<String, String> getInstanceData() { return instanceData; }
  @Override public void removeInstanceData(String key) { instanceData.remove(key); }

  @Override public void hasPermission(String userName, String permissionName) { throw unused(); }
  @Override public ViewDefinition getViewDefinition() { throw unused(); }
  @Override public ViewInstanceDefinition getViewInstanceDefinition() { throw unused(); }
  @Override public String getAmbariProperty(String key) { throw unused(); }
  @Override public ResourceProvider<?> getResourceProvider(String type) { throw unused(); }
  @Override public URLStreamProvider getURLStreamProvider() { throw unused(); }
  @Override public AmbariStreamProvider getAmbariStreamProvider() { throw unused(); }
  @Override public DataStore getDataStore() { throw unused(); }
  @Override public Collection<ViewDefinition> getViewDefinitions() { throw unused(); }
  @Override public Collection<ViewInstanceDefinition> getViewInstanceDefinitions() { throw unused(); }
  @Override public ViewController getController() { throw unused(); }
  @Override public HttpImpersonator getHttpImpersonator() { throw unused(); }
  @Override public ImpersonatorSetting getImpersonatorSetting() { throw unused(); }

  private static UnsupportedOperationException unused() {
    return new UnsupportedOperationException("Tandem's view does not use this part of ViewContext");
  }
}
