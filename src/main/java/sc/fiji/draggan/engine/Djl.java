package sc.fiji.draggan.engine;

import java.util.Locale;
import java.util.concurrent.Callable;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

/**
 * The DJL environment of Drag GAN: offline PyTorch engine on the bundled natives, device choice
 * ({@code auto | cpu | gpu}), the thread context class loader that DJL needs inside plugin hosts
 * (docs/fiji-plugin.md#engine-threads-and-class-loader), and a short diagnostic for {@code Drag GAN Info}.
 * <p>
 * Only this package knows about DJL's engine bootstrapping; the rest of the code asks here for a
 * {@link Device} and a root {@link NDManager}.
 */
public final class Djl {

	private Djl() {}

	private static volatile Engine engine;

	/** The PyTorch engine, started offline (never downloads) with our class loader as the TCCL. */
	public static Engine engine() {
		Engine e = engine;
		if (e != null) return e;
		synchronized (Djl.class) {
			if (engine == null) {
				if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
				// docs/design.md#cpu-threads: OpenMP reads its wait policy when the natives load; inter-op
				// threads can only be set before the first parallel work
				NativeEnvironment.prepare();
				final ThreadPolicy.Choice threads = CpuThreads.atEngineStart();
				if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null)
					System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(ThreadPolicy.INTER_OP_THREADS));
				engine = withClassLoader(() -> {
					try {
						final Engine started = Engine.getEngine("PyTorch");
						CpuThreads.apply(threads.threads);
						return started;
					}
					catch (final RuntimeException | LinkageError ex) {
						throw new IllegalStateException("could not start the PyTorch engine (DJL " + Engine.getDjlVersion() +
							"): " + ex.getMessage() + ". The CPU natives are bundled for linux-x86_64; on other platforms see the README (GPU and natives).", ex);
					}
				});
			}
			return engine;
		}
	}

	/**
	 * The device for a user's choice: {@code cpu}, {@code gpu} (fails with a clear message when DJL
	 * finds no CUDA device) or {@code auto} (the first GPU if there is one, else the CPU).
	 */
	public static Device device(final String choice) {
		final String c = choice == null ? "auto" : choice.trim().toLowerCase(Locale.ROOT);
		final Engine e = engine();
		switch (c) {
			case "cpu":
				return Device.cpu();
			case "gpu":
			case "cuda":
				if (e.getGpuCount() == 0) throw new IllegalArgumentException(noGpuMessage(hasCudaNatives(e)));
				return Device.gpu();
			case "auto":
			case "":
				return e.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
			default:
				throw new IllegalArgumentException("unknown device '" + choice + "' (auto, cpu or gpu)");
		}
	}

	/** The one line of {@code device=gpu} without a usable GPU: why, and what to do (docs/gpu.md). */
	static String noGpuMessage(final boolean cudaNatives) {
		if (cudaNatives) return "device=gpu: the CUDA natives are loaded but no GPU is visible (NVIDIA driver missing or too old, or " +
			"CUDA_VISIBLE_DEVICES empty); check nvidia-smi, or use device=cpu (docs/gpu.md)";
		return "device=gpu: these PyTorch natives are CPU-only; start with PYTORCH_LIBRARY_PATH=<libtorch 2.7.1 cu128>/lib " +
			"PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cu128 (or let DJL download them: docs/gpu.md)";
	}

	/** Whether the loaded libtorch was built with CUDA. */
	static boolean hasCudaNatives(final Engine e) {
		try {
			return e.hasCapability("CUDA");
		}
		catch (final RuntimeException ex) {
			return false;
		}
	}

	/** A new root manager on the device; the caller closes it. */
	public static NDManager newManager(final Device device) {
		return withClassLoader(() -> engine().newBaseManager(device));
	}

	/** One line per fact: engine, versions, devices, where the natives come from. */
	public static String describe() {
		final Engine e = engine();
		final StringBuilder s = new StringBuilder();
		s.append("engine: ").append(e.getEngineName()).append(' ').append(e.getVersion()).append('\n');
		s.append("djl: ").append(Engine.getDjlVersion()).append('\n');
		s.append("gpus: ").append(e.getGpuCount()).append('\n');
		s.append("default device: ").append(device("auto")).append('\n');
		s.append("natives: ").append(nativesDescription()).append('\n');
		s.append("cuda natives: ").append(hasCudaNatives(e) ? "yes" : "no (CPU-only libtorch; docs/gpu.md)").append('\n');
		final String lib = loadedLibtorch();
		if (lib != null) s.append("libtorch loaded from: ").append(lib).append('\n');
		final ThreadPolicy.Choice t = CpuThreads.current();
		s.append("cpu threads: ").append(t != null ? t.toString() : "n/a").append(", inter-op ")
			.append(System.getProperty("ai.djl.pytorch.num_interop_threads")).append("; ")
			.append(Runtime.getRuntime().availableProcessors()).append(" cores\n");
		s.append("openmp wait policy: ").append(NativeEnvironment.describe());
		return s.toString();
	}

	/** The folder libtorch was loaded from (Linux: /proc/self/maps), or null. */
	static String loadedLibtorch() {
		try {
			for (final String line : java.nio.file.Files.readAllLines(java.nio.file.Paths.get("/proc/self/maps"), java.nio.charset.StandardCharsets.US_ASCII)) {
				final int i = line.indexOf('/');
				if (i >= 0 && line.contains("libtorch_cpu.")) {
					final String path = line.substring(i);
					return path.substring(0, path.lastIndexOf('/'));
				}
			}
		}
		catch (final java.io.IOException | RuntimeException ex) {
			// not Linux
		}
		return null;
	}

	static String nativesDescription() {
		final String lib = System.getenv("PYTORCH_LIBRARY_PATH");
		if (lib != null) return "PYTORCH_LIBRARY_PATH=" + lib + " (flavor " + System.getenv("PYTORCH_FLAVOR") + ")";
		final String cache = System.getenv("DJL_CACHE_DIR");
		return "bundled pytorch-native-cpu, unpacked to " + (cache != null ? cache : System.getProperty("user.home") + "/.djl.ai");
	}

	/**
	 * Runs a piece of engine work on any thread: our class loader as the TCCL, the engine started,
	 * and PyTorch's gradient recording off on this thread (see {@link TorchAutograd}); the caller's
	 * gradient collectors switch it on where they need it.
	 */
	public static <T> T run(final Callable<T> body) {
		return withClassLoader(() -> {
			CpuThreads.adjust();
			final boolean old = TorchAutograd.setRecording(false);
			try {
				return body.call();
			}
			finally {
				TorchAutograd.setRecording(old);
			}
		});
	}

	/**
	 * Runs {@code body} with this plugin's class loader as the thread context class loader: DJL finds
	 * its engine provider and native properties through it, which fails inside Fiji otherwise.
	 */
	public static <T> T withClassLoader(final Callable<T> body) {
		final Thread t = Thread.currentThread();
		final ClassLoader old = t.getContextClassLoader();
		t.setContextClassLoader(Djl.class.getClassLoader());
		try {
			return body.call();
		}
		catch (final RuntimeException ex) {
			throw ex;
		}
		catch (final Exception ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
		finally {
			t.setContextClassLoader(old);
		}
	}
}
