package dev.tandem.registry;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tandem.model.DataSet;
import dev.tandem.model.HdfsDirectory;
import dev.tandem.model.HiveDatabase;
import dev.tandem.model.HiveTable;
import dev.tandem.model.TandemException;
import java.io.IOException;

/**
 * JSON for registry nodes. The model carries no Jackson annotations; the polymorphic data sets get their
 * type tag through a mix-in here. Unknown fields are ignored so an older server reads a newer record.
 */
public final class RegistryCodec {
  private static final ObjectMapper MAPPER = create();

  private RegistryCodec() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** A mapper configured like the registry's: JSON dates as ISO-8601, data sets tagged by kind. */
  public static ObjectMapper create() {
    ObjectMapper m = new ObjectMapper();
    m.registerModule(new JavaTimeModule());
    m.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    m.disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    m.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    m.addMixIn(DataSet.class, DataSetMixin.class);
    return m;
  }

  static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new TandemException("Cannot encode " + value.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  static <T> T read(byte[] data, Class<T> type, String path) {
    try {
      return MAPPER.readValue(data, type);
    } catch (IOException e) {
      throw new TandemException("Corrupt registry node " + path + ": " + e.getMessage(), e);
    }
  }

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
  @JsonSubTypes({
      @JsonSubTypes.Type(value = HdfsDirectory.class, name = "hdfs"),
      @JsonSubTypes.Type(value = HiveDatabase.class, name = "hive-database"),
      @JsonSubTypes.Type(value = HiveTable.class, name = "hive-table")})
  interface DataSetMixin {}
}
