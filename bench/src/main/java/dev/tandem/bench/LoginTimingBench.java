package dev.tandem.bench;

import dev.tandem.server.auth.AuthMode;
import dev.tandem.server.auth.Authenticator;
import dev.tandem.server.auth.PasswordHash;
import dev.tandem.server.auth.UserStore;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;

/**
 * How long a refused basic login takes: wrong password, unknown user, user without a password (issue 16 E). Prints
 * the median of each and its ratio to the wrong password's; with the decoy hash all three are close to 1. Not a
 * test: timings are printed, never asserted. {@code bench/run LoginTimingBench [--trials K] [--iterations I]}.
 */
public final class LoginTimingBench {
  private LoginTimingBench() {}

  public static void main(String[] args) {
    int trials = 40;
    int iterations = PasswordHash.DEFAULT_ITERATIONS;
    for (int i = 0; i < args.length - 1; i += 2) {
      switch (args[i]) {
        case "--trials" -> trials = Integer.parseInt(args[i + 1]);
        case "--iterations" -> iterations = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("Unknown option " + args[i]);
      }
    }
    UserStore users = UserStore.parse(Map.of("ada", "admin, " + PasswordHash.create("pw-ada".toCharArray(),
        iterations), "bob", "operator"));
    Authenticator auth = Authenticator.builder(AuthMode.BASIC).users(users).build();
    String[][] cases = {{"wrong password", "ada"}, {"unknown user", "mallory"}, {"user without password", "bob"}};
    double[] medians = new double[cases.length];
    for (int round = 0; round < 2; round++) { // the first round warms the JIT up
      for (int c = 0; c < cases.length; c++) {
        medians[c] = median(auth, cases[c][1], trials);
      }
    }
    System.out.printf("%-24s %10s %8s%n", "refusal", "median ms", "ratio");
    for (int c = 0; c < cases.length; c++) {
      System.out.printf("%-24s %10.2f %8.2f%n", cases[c][0], medians[c], medians[c] / medians[0]);
    }
  }

  private static double median(Authenticator auth, String user, int trials) {
    String value = "Basic " + Base64.getEncoder().encodeToString((user + ":guess").getBytes(StandardCharsets.UTF_8));
    Function<String, String> header = name -> name.equals("Authorization") ? value : null;
    double[] ms = new double[trials];
    for (int t = 0; t < trials; t++) {
      long start = System.nanoTime();
      try {
        auth.authenticate(header, null);
      } catch (RuntimeException expected) {
        // refused, as intended
      }
      ms[t] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(ms);
    return ms[trials / 2];
  }
}
