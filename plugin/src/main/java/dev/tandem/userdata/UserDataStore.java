package dev.tandem.userdata;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import dev.tandem.model.TandemException;
import dev.tandem.registry.RegistryCodec;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * The backup user database of a site: one JSON document per group and cut on the site's HDFS,
 * {@code <dir>/<group>/<cut>.json}, outside every snapshot root, {@code <dir>} readable by Tandem's service user
 * only. A document is written whole or not at all
 * (written aside, then renamed), never changed afterwards except by re-writing the same cut, and deleted
 * when its cut is gone.
 */
public final class UserDataStore {
  public static final String DIR_DEFAULT = "/tandem/userdata";
  private static final String SUFFIX = ".json";
  private static final ObjectMapper MAPPER = RegistryCodec.create().enable(SerializationFeature.INDENT_OUTPUT);

  private final FileSystem fs;
  private final String dir;

  public UserDataStore(FileSystem fs, String dir) {
    this.fs = fs;
    this.dir = dir;
  }

  public String dir() {
    return dir;
  }

  public Path path(GroupName group, CutId cut) {
    return new Path(dir + "/" + group.value() + "/" + cut.value() + SUFFIX);
  }

  public void write(UserDataRecord r) {
    Path target = path(r.group(), r.cut());
    Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp");
    try {
      Path top = new Path(dir);
      if (!fs.exists(top)) {
        // the documents hold no secrets, but say who may do what: readable by Tandem's service user only
        fs.mkdirs(top);
        fs.setPermission(top, new FsPermission((short) 0700));
      }
      try (OutputStream out = fs.create(tmp, true)) {
        MAPPER.writeValue(out, r);
      }
      fs.delete(target, false);
      if (!fs.rename(tmp, target)) {
        throw new IOException("rename of " + tmp + " to " + target + " failed");
      }
    } catch (IOException e) {
      throw new TandemException("Cannot write the user data of cut " + r.cut() + " of group " + r.group() + " to "
          + fs.getUri() + target.toUri().getPath() + ": " + e.getMessage(), e);
    }
  }

  public Optional<UserDataRecord> read(GroupName group, CutId cut) {
    Path p = path(group, cut);
    UserDataRecord r;
    try (InputStream in = fs.open(p)) {
      r = MAPPER.readValue(in, UserDataRecord.class);
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new TandemException("Cannot read the user data at " + fs.getUri() + p.toUri().getPath() + ": "
          + e.getMessage(), e);
    }
    if (r.format() > UserDataRecord.FORMAT || !group.equals(r.group()) || !cut.equals(r.cut())) {
      throw new TandemException("User data at " + fs.getUri() + p.toUri().getPath() + " is not cut " + cut + " of "
          + "group " + group + " in a format this server reads (format " + r.format() + ", group " + r.group()
          + ", cut " + r.cut() + ")");
    }
    return Optional.of(r);
  }

  /** Cuts of {@code group} with a kept version, oldest first. */
  public List<CutId> versions(GroupName group) {
    List<CutId> out = new ArrayList<>();
    try {
      for (FileStatus st : fs.listStatus(new Path(dir + "/" + group.value()))) {
        String name = st.getPath().getName();
        if (name.endsWith(SUFFIX) && !name.startsWith(".")) {
          out.add(new CutId(name.substring(0, name.length() - SUFFIX.length())));
        }
      }
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw new TandemException("Cannot list the user data of group " + group + " on " + fs.getUri() + ": "
          + e.getMessage(), e);
    }
    out.sort(null);
    return out;
  }

  /** Deletes every version of {@code group} whose cut is not in {@code keep}; returns the cuts deleted. */
  public List<CutId> prune(GroupName group, Set<CutId> keep) {
    List<CutId> deleted = new ArrayList<>();
    for (CutId c : versions(group)) {
      if (!keep.contains(c)) {
        try {
          fs.delete(path(group, c), false);
        } catch (IOException e) {
          throw new TandemException("Cannot delete the user data of cut " + c + " of group " + group + ": "
              + e.getMessage(), e);
        }
        deleted.add(c);
      }
    }
    return deleted;
  }
}
