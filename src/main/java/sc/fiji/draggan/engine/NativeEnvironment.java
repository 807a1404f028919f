package sc.fiji.draggan.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * OpenMP settings that libtorch's thread pool reads once, when its native library loads
 * (docs/design.md#cpu-threads): idle pool threads sleep instead of spinning, so that a drag
 * between parallel regions, or an idle Fiji, takes no core from other programs.
 * <p>
 * The {@code draggan} launcher exports them. Inside a running JVM (Fiji) Java cannot change its
 * environment, but the C library can: on Linux and macOS, before DJL loads the natives, the missing
 * ones are set with {@code setenv}, which the OpenMP runtime reads when it starts. The user's own
 * values always win. On Windows they must be set before Fiji starts.
 */
final class NativeEnvironment {

	/** Name and value, in the order they are set. */
	static final String[][] PASSIVE_WAIT = { { "OMP_WAIT_POLICY", "PASSIVE" }, { "KMP_BLOCKTIME", "0" }, { "GOMP_SPINCOUNT", "0" } };

	private static volatile String report = "not prepared";
	/** Whether the OpenMP runtime will read OMP_WAIT_POLICY=PASSIVE (inherited, or set here before it loaded). */
	private static volatile boolean passive;

	private NativeEnvironment() {}

	/** Sets the missing variables, once, before the natives load; remembers what it did for {@link #describe()}. */
	static synchronized void prepare() {
		if (!"not prepared".equals(report)) return;
		final List<String> inherited = new ArrayList<>(), set = new ArrayList<>();
		for (final String[] kv : PASSIVE_WAIT) {
			final String now = System.getenv(kv[0]);
			if (now != null) inherited.add(kv[0] + "=" + now);
			else set.add(kv[0]);
		}
		passive = "PASSIVE".equalsIgnoreCase(String.valueOf(System.getenv("OMP_WAIT_POLICY")).trim());
		if (set.isEmpty()) {
			report = "from the environment (" + String.join(" ", inherited) + ")";
			return;
		}
		if (nativesLoaded()) {
			report = "not set: the natives were loaded before Drag GAN could set " + String.join(", ", set) + " (export them before starting)";
			return;
		}
		if (Platform.isWindows()) {
			report = "not set (Windows: set OMP_WAIT_POLICY=PASSIVE and KMP_BLOCKTIME=0 before starting Fiji)";
			return;
		}
		try {
			final Function setenv = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("setenv");
			final List<String> done = new ArrayList<>();
			for (final String[] kv : PASSIVE_WAIT) {
				if (set.contains(kv[0]) && setenv.invokeInt(new Object[] { kv[0], kv[1], 0 }) == 0) {
					done.add(kv[0] + "=" + kv[1]);
					if ("OMP_WAIT_POLICY".equals(kv[0])) passive = true;
				}
			}
			report = "set before the natives loaded (" + String.join(" ", done) + ")" + (inherited.isEmpty() ? "" : "; from the environment: " +
				String.join(" ", inherited));
		}
		catch (final RuntimeException | LinkageError e) {
			report = "not set (" + e.getMessage() + ")";
		}
	}

	/**
	 * Whether idle OpenMP threads sleep: OMP_WAIT_POLICY=PASSIVE was inherited or set before the natives loaded
	 * (the thread policy then uses every core, docs/design.md#cpu-threads).
	 */
	static boolean idleThreadsSleep() {
		return passive;
	}

	/** One line for {@code draggan version} and Drag GAN Info. */
	static String describe() {
		return report;
	}

	/** Whether libtorch or an OpenMP runtime is already mapped into this process (Linux; false elsewhere). */
	static boolean nativesLoaded() {
		try {
			for (final String line : Files.readAllLines(Paths.get("/proc/self/maps"), StandardCharsets.US_ASCII)) {
				final String l = line.toLowerCase(Locale.ROOT);
				if (l.contains("libtorch") || l.contains("libgomp") || l.contains("libiomp") || l.contains("libomp")) return true;
			}
		}
		catch (final IOException | RuntimeException e) {
			// not Linux
		}
		return false;
	}
}
