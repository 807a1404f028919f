package sc.fiji.draggan.ij;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import sc.fiji.draggan.checkpoint.Checkpoint;
import sc.fiji.draggan.checkpoint.ModelLoader;
import sc.fiji.draggan.engine.Djl;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.Generator;

/**
 * The generator of the last model used, kept loaded between runs (reading a checkpoint takes
 * seconds) and the one lock all Drag GAN runs share: DJL records one gradient at a time per process
 * (djl-notes), so generate, drag, invert and the tool run one after the other. {@link #get} may only
 * be called while holding the lock ({@link #exclusively}); it replaces the cached model when the
 * file, its modification time or the device changes.
 */
public final class ModelCache {

	private ModelCache() {}

	private static final ReentrantLock RUN = new ReentrantLock();
	private static Loaded current;
	/** The one tuned generator copy kept besides the model (issue 5: at most one extra copy of the weights). */
	private static Tuned tuned;

	private static final class Tuned {
		final Path path;
		final long size, modified;
		final Loaded base;
		final NDManager root;
		final Generator generator;

		Tuned(final Path path, final long size, final long modified, final Loaded base, final NDManager root, final Generator generator) {
			this.path = path;
			this.size = size;
			this.modified = modified;
			this.base = base;
			this.root = root;
			this.generator = generator;
		}

		void close() {
			generator.close();
			root.close();
		}
	}

	/** A loaded generator and where it came from. Owned by the cache: do not close. */
	public static final class Loaded {
		public final Path path;
		public final String sha256;
		public final GeneratorConfig config;
		public final Device device;
		public final Generator generator;
		final long size, modified;
		final NDManager root;

		Loaded(final Path path, final long size, final long modified, final String sha256, final GeneratorConfig config, final Device device,
			final NDManager root, final Generator generator)
		{
			this.path = path;
			this.size = size;
			this.modified = modified;
			this.sha256 = sha256;
			this.config = config;
			this.device = device;
			this.root = root;
			this.generator = generator;
		}

		/** {@code name.pkl (64x64x3, 10 ws)} */
		public String describe() {
			return path.getFileName() + " (" + config.imgWidth() + "x" + config.imgHeight() + "x" + config.imgChannels + ", " + config.numWs() +
				" ws of " + config.wDim + ")";
		}

		void close() {
			generator.close();
			root.close();
		}
	}

	/**
	 * Runs {@code body} holding the run lock, with our class loader as the TCCL (DJL,
	 * fiji-ecosystem.md §0.7) and PyTorch's gradient recording off on this thread: libtorch starts
	 * every new thread with it on (only the thread that loads the engine gets it off), so on a
	 * SciJava or ImageJ worker thread an in-place update of a latent that requires gradients fails
	 * ("a leaf Variable that requires grad is being used in an in-place operation") and stray graphs
	 * are recorded outside the gradient collectors.
	 */
	public static <T> T exclusively(final Callable<T> body) throws Exception {
		RUN.lock();
		try {
			return Djl.run(body);
		}
		finally {
			RUN.unlock();
		}
	}

	/** Whether some run holds the lock now (the tool uses it to say "busy" instead of waiting). */
	public static boolean busy() {
		return RUN.isLocked();
	}

	/** The generator of {@code model} on the chosen device ({@code auto|cpu|gpu}); loads it if needed. */
	public static Loaded get(final Path model, final String deviceChoice, final RunMonitor monitor) throws IOException {
		if (!RUN.isHeldByCurrentThread()) throw new IllegalStateException("ModelCache.get outside ModelCache.exclusively");
		final Path path = model.toAbsolutePath().normalize();
		if (!Files.isRegularFile(path)) throw new IOException("model file not found: " + model);
		final long size = Files.size(path), modified = Files.getLastModifiedTime(path).toMillis();
		final Device device = Djl.device(deviceChoice);
		final Loaded c = current;
		if (c != null && c.path.equals(path) && c.size == size && c.modified == modified && c.device.equals(device)) return c;
		clear();
		if (monitor != null) monitor.status("reading " + path.getFileName() + " (" + (size >> 20) + " MB)");
		final Checkpoint cp = ModelLoader.load(path);
		final String sha = sha256(path);
		final GeneratorConfig cfg = cp.generatorConfig();
		final NDManager root = Djl.newManager(device);
		try {
			final Generator g = Generator.create(cfg, cp.generator(), root, device);
			current = new Loaded(path, size, modified, sha, cfg, device, root, g);
			return current;
		}
		catch (final RuntimeException | Error e) {
			root.close();
			throw e;
		}
	}

	/**
	 * A tuned copy of {@code base}'s generator (pivotal tuning, {@link TunedWeights}) read from
	 * {@code file}, on the same device; cached until another tuned file or model is used. Owned by the
	 * cache: do not close.
	 */
	public static Generator tuned(final Loaded base, final Path file, final RunMonitor monitor) throws IOException {
		if (!RUN.isHeldByCurrentThread()) throw new IllegalStateException("ModelCache.tuned outside ModelCache.exclusively");
		final Path path = file.toAbsolutePath().normalize();
		final long size = Files.size(path), modified = Files.getLastModifiedTime(path).toMillis();
		final Tuned t = tuned;
		if (t != null && t.base == base && t.path.equals(path) && t.size == size && t.modified == modified) return t.generator;
		clearTuned();
		if (monitor != null) monitor.status("reading the tuned weights " + path.getFileName());
		final Checkpoint cp = ModelLoader.load(path);
		if (!cp.generatorConfig().toJson().equals(base.config.toJson())) throw new IllegalArgumentException("the tuned weights " + path.getFileName() +
			" do not belong to " + base.path.getFileName() + " (other architecture)");
		final NDManager root = Djl.newManager(base.device);
		try {
			final Generator g = Generator.create(cp.generatorConfig(), cp.generator(), root, base.device);
			tuned = new Tuned(path, size, modified, base, root, g);
			return g;
		}
		catch (final RuntimeException | Error e) {
			root.close();
			throw e;
		}
	}

	private static void clearTuned() {
		if (tuned != null) tuned.close();
		tuned = null;
	}

	/** Frees the cached generator and tuned copy (native memory). */
	public static void clear() {
		RUN.lock();
		try {
			clearTuned();
			if (current != null) current.close();
			current = null;
		}
		finally {
			RUN.unlock();
		}
	}

	/** SHA-256 of a file, lower-case hex. */
	public static String sha256(final Path file) throws IOException {
		final MessageDigest md;
		try {
			md = MessageDigest.getInstance("SHA-256");
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
		final byte[] buf = new byte[1 << 16];
		try (InputStream in = Files.newInputStream(file)) {
			for (int n; (n = in.read(buf)) > 0;) md.update(buf, 0, n);
		}
		final StringBuilder s = new StringBuilder();
		for (final byte b : md.digest()) s.append(String.format(Locale.ROOT, "%02x", b & 0xff));
		return s.toString();
	}
}
