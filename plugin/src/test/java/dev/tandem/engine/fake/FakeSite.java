package dev.tandem.engine.fake;

import dev.tandem.engine.SiteHandle;
import dev.tandem.model.Site;
import dev.tandem.model.SiteId;

/** One site in memory: its file system and its registry, and the {@link SiteHandle} the engine sees. */
public final class FakeSite {
  public final Site site;
  public final FakeFileSystem files;
  public final FakeRegistry registry;

  public FakeSite(String id) {
    this.site = new Site(SiteId.of(id), id, "hdfs://" + id, "zk-" + id + ":2181", "", null);
    this.files = new FakeFileSystem("hdfs://" + id);
    this.registry = new FakeRegistry(id);
  }

  public SiteHandle handle() {
    return new SiteHandle(site, files, files, registry);
  }
}
