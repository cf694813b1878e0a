package dev.tandem.hive;

import dev.tandem.model.CutId;
import dev.tandem.model.GroupName;
import dev.tandem.model.TandemException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.metastore.api.ColumnStatistics;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.thrift.TBase;
import org.apache.thrift.TDeserializer;
import org.apache.thrift.TException;
import org.apache.thrift.TSerializer;
import org.apache.thrift.protocol.TCompactProtocol;

/**
 * The metastore images of a group's cuts on the secondary's file system, outside every snapshot root:
 * {@code <dir>/<group>/<cut>.image} (gzip of Thrift compact objects), and an {@code applying} marker naming
 * the cut whose objects are being written to the secondary's metastore. The marker outlives a crash, so the
 * next run knows the secondary's metastore may be half way to an uncommitted cut.
 */
final class ImageStore {
  /**
   * Version 3 adds when the objects were last read whole; version 2 added each partition's column statistics.
   * Older images are still read.
   */
  private static final String MAGIC = "tandem-hive-image-3";
  private static final String MAGIC_2 = "tandem-hive-image-2";
  private static final String MAGIC_1 = "tandem-hive-image-1";
  private static final String MARKER = "applying";

  private final FileSystem fs;
  private final String dir;

  ImageStore(FileSystem fs, String dir) {
    this.fs = fs;
    this.dir = dir;
  }

  Path image(GroupName group, CutId cut) {
    return new Path(dir + "/" + group.value() + "/" + cut.value() + ".image");
  }

  private Path marker(GroupName group) {
    return new Path(dir + "/" + group.value() + "/" + MARKER);
  }

  boolean exists(GroupName group, CutId cut) {
    try {
      return fs.exists(image(group, cut));
    } catch (IOException e) {
      throw failed("check", image(group, cut), e);
    }
  }

  /** Writes atomically: a crash leaves either no image or the whole one. */
  void write(GroupName group, CutId cut, HiveImage image) {
    Path target = image(group, cut);
    Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp");
    try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(fs.create(tmp, true), 1 << 16))) {
      TSerializer ser = new TSerializer(new TCompactProtocol.Factory());
      out.writeUTF(MAGIC);
      out.writeLong(image.eventId());
      out.writeLong(image.fullReadAt());
      out.writeInt(image.databases().size());
      for (Database d : image.databases().values()) {
        put(out, ser, d);
      }
      out.writeInt(image.tables().size());
      for (HiveImage.TableImage t : image.tables().values()) {
        put(out, ser, t.table());
        out.writeBoolean(t.statistics() != null);
        if (t.statistics() != null) {
          put(out, ser, t.statistics());
        }
        out.writeInt(t.partitions().size());
        for (var p : t.partitions().entrySet()) {
          put(out, ser, p.getValue());
          ColumnStatistics stats = t.partitionStatistics().get(p.getKey());
          out.writeBoolean(stats != null);
          if (stats != null) {
            put(out, ser, stats);
          }
        }
      }
    } catch (IOException | TException e) {
      throw failed("write", tmp, e);
    }
    try {
      fs.delete(target, false);
      if (!fs.rename(tmp, target)) {
        throw new IOException("rename of " + tmp + " failed");
      }
    } catch (IOException e) {
      throw failed("write", target, e);
    }
  }

  Optional<HiveImage> read(GroupName group, CutId cut) {
    Path p = image(group, cut);
    try (DataInputStream in = new DataInputStream(new GZIPInputStream(fs.open(p), 1 << 16))) {
      TDeserializer de = new TDeserializer(new TCompactProtocol.Factory());
      String magic = in.readUTF();
      if (!MAGIC.equals(magic) && !MAGIC_2.equals(magic) && !MAGIC_1.equals(magic)) {
        throw new TandemException("Not a metastore image: " + p);
      }
      boolean partitionStatistics = !MAGIC_1.equals(magic);
      HiveImage image = new HiveImage(in.readLong());
      if (MAGIC.equals(magic)) {
        image.fullReadAt(in.readLong());
      }
      for (int i = in.readInt(); i > 0; i--) {
        Database d = get(in, de, new Database());
        image.databases().put(d.getName(), d);
      }
      for (int i = in.readInt(); i > 0; i--) {
        HiveImage.TableImage t = new HiveImage.TableImage(get(in, de, new Table()));
        if (in.readBoolean()) {
          t.statistics(get(in, de, new ColumnStatistics()));
        }
        for (int j = in.readInt(); j > 0; j--) {
          Partition part = get(in, de, new Partition());
          String name = HiveObjects.partitionName(t.table(), part.getValues());
          t.partitions().put(name, part);
          if (partitionStatistics && in.readBoolean()) {
            t.partitionStatistics().put(name, get(in, de, new ColumnStatistics()));
          }
        }
        image.tables().put(HiveObjects.key(t.table()), t);
      }
      return Optional.of(image);
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException | TException e) {
      throw failed("read", p, e);
    }
  }

  /**
   * Deletes the group's images of cuts after {@code lastGood} (all of them without one): those of runs that did not
   * commit. The images of older cuts stay as long as their cuts do ({@link #retain}).
   */
  void dropAfter(GroupName group, java.util.Optional<CutId> lastGood) {
    deleteImages(group, name -> lastGood.map(c -> name.compareTo(c.value() + ".image") > 0).orElse(true));
  }

  /** Deletes the images of the group except those of {@code keep}. */
  void retain(GroupName group, List<CutId> keep) {
    deleteImages(group, name -> keep.stream().noneMatch(c -> name.equals(c.value() + ".image")));
  }

  private void deleteImages(GroupName group, java.util.function.Predicate<String> drop) {
    Path groupDir = new Path(dir + "/" + group.value());
    try {
      if (!fs.exists(groupDir)) {
        return;
      }
      for (FileStatus st : fs.listStatus(groupDir)) {
        String name = st.getPath().getName();
        if (name.endsWith(".image") && drop.test(name)) {
          fs.delete(st.getPath(), false);
        }
      }
    } catch (IOException e) {
      throw failed("clean up", groupDir, e);
    }
  }

  /** The cut named by the marker, if an apply was started and not yet reconciled. */
  Optional<CutId> applying(GroupName group) {
    try (var in = fs.open(marker(group))) {
      return Optional.of(new CutId(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim()));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw failed("read", marker(group), e);
    }
  }

  void markApplying(GroupName group, CutId cut) {
    try (var out = fs.create(marker(group), true)) {
      out.write(cut.value().getBytes(StandardCharsets.UTF_8));
      out.hsync();
    } catch (IOException e) {
      throw failed("write", marker(group), e);
    }
  }

  void clearApplying(GroupName group) {
    try {
      fs.delete(marker(group), false);
    } catch (IOException e) {
      throw failed("delete", marker(group), e);
    }
  }

  List<String> names(GroupName group) {
    List<String> out = new ArrayList<>();
    try {
      Path groupDir = new Path(dir + "/" + group.value());
      if (fs.exists(groupDir)) {
        for (FileStatus st : fs.listStatus(groupDir)) {
          out.add(st.getPath().getName());
        }
      }
    } catch (IOException e) {
      throw failed("list", new Path(dir), e);
    }
    return out;
  }

  private static void put(DataOutputStream out, TSerializer ser, TBase<?, ?> object) throws IOException, TException {
    byte[] b = ser.serialize(object);
    out.writeInt(b.length);
    out.write(b);
  }

  private static <T extends TBase<?, ?>> T get(DataInputStream in, TDeserializer de, T into)
      throws IOException, TException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    de.deserialize(into, b);
    return into;
  }

  private TandemException failed(String what, Path p, Exception e) {
    return new TandemException("Cannot " + what + " metastore image " + fs.getUri() + p + ": " + e.getMessage(), e);
  }
}
