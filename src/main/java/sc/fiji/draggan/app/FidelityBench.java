package sc.fiji.draggan.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import sc.fiji.draggan.edit.DragParameters;
import sc.fiji.draggan.edit.PointPair;
import sc.fiji.draggan.eval.ContentDistance;
import sc.fiji.draggan.eval.SalientPoint;
import sc.fiji.draggan.invert.ImageMetrics;
import sc.fiji.draggan.model.GeneratorImage;
import sc.fiji.draggan.progress.Monitor;

/**
 * The fidelity benchmark (docs/algorithm.md#fidelity-benchmark): does the picture move where the
 * drag says it went? For each of {@code pairs} seeds a generated picture (ψ 0.7, its latent known:
 * no inversion), one handle on salient content ({@link SalientPoint}), a target {@code offset}
 * px away in a random direction inside the picture, the drag every entry point runs
 * ({@link DragUseCase}, the given parameters), then the tracker's and the content's distance to
 * the target and the change far from both points; on grey models also where the blob went (the
 * component of the final picture that overlaps it most, its centroid), a check of the content distance that does
 * not assume the content kept its look.
 */
public final class FidelityBench {

	/** What to run. */
	public static final class Settings {
		/** The model; null: the bundled default. */
		public Path model;
		public String device = DragOptions.DEVICE.defaultValue;
		public int pairs = 16;
		public double offset = 6;
		/** Pair i uses generator seed {@code seed + i} and draws its direction from it. */
		public long seed;
		public double psi = 0.7;
		public DragParameters parameters = new DragParameters();
		public int maxSteps = DragOptions.N_STEPS.defaultValue;

		void check() {
			if (pairs < 1) throw new IllegalArgumentException("the number of pairs must be at least 1, got " + pairs);
			if (!(offset >= 1 && offset <= 1000)) throw new IllegalArgumentException("the offset must be from 1 to 1000 px, got " + offset);
			if (!Double.isFinite(psi)) throw new IllegalArgumentException("psi must be a finite number, got " + psi);
			if (maxSteps < 0) throw new IllegalArgumentException("the step limit must be zero or more, got " + maxSteps);
		}
	}

	/** Outside PSNR above this (an unchanged far region) is reported as this, so that means stay finite. */
	public static final double PSNR_CAP_DB = 100;

	private final ModelRegistry registry;

	public FidelityBench(final ModelRegistry registry) {
		this.registry = registry;
	}

	/** Runs every pair, handing each finished row to {@code each}; stops early (fewer rows) when the monitor cancels. */
	public List<FidelityRow> run(final Settings s, final Monitor monitor, final Consumer<FidelityRow> each) throws Exception {
		s.check();
		final List<FidelityRow> rows = new ArrayList<>();
		for (int i = 0; i < s.pairs && !monitor.isCancelled(); i++) {
			final long seed = s.seed + i;
			final StartLatent latent = StartLatent.seed(seed, s.psi, 0);
			final GeneratorImage picture = ModelRegistry.exclusively(() -> {
				final LoadedModel m = registry.model(s.model, s.device, monitor);
				return DragUseCase.render(m.generator, latent.ws(m.generator, m.manager()), m.manager());
			});
			final int w = picture.width, h = picture.height;
			final int[] handle = SalientPoint.of(picture, margin(w, h));
			final double[] target = target(handle[0], handle[1], s.offset, new SplittableRandom(seed), w, h);
			final DragRequest q = new DragRequest();
			q.model = s.model;
			q.device = s.device;
			q.latent = latent;
			q.points = Collections.singletonList(new PointPair(handle[0], handle[1], target[0], target[1]));
			q.parameters = s.parameters;
			q.maxSteps = s.maxSteps;
			q.every = 0;
			final long t0 = System.nanoTime();
			final DragOutcome o = new DragUseCase(registry).run(q, monitor, new DragUseCase.Listener() {});
			final double seconds = (System.nanoTime() - t0) / 1e9;
			if (o.drag == null) break;
			final GeneratorImage end = o.drag.finalImage();
			final double radius = farRadius(s.offset, w, h);
			final float[] far = farMask(w, h, handle[0], handle[1], target[0], target[1], radius);
			final double psnr = far == null ? Double.NaN : Math.min(PSNR_CAP_DB, ImageMetrics.psnr(o.startImage.data, end.data, end.channels, end.pixels(),
				far));
			final float[] a = o.startImage.grey(), b = end.grey();
			final double ncc = ContentDistance.find(a, b, w, h, handle[0], handle[1], target[0], target[1])[2];
			double blobDistance = Double.NaN, blobMoved = Double.NaN;
			final boolean[] blob = end.channels == 1 ? SalientPoint.blob(a, w, h, margin(w, h)) : null;
			final double[] c1 = blob == null ? null : SalientPoint.blobCentreAgain(b, w, h, blob);
			if (c1 != null) { // where did the blob go: its centroid's displacement against the handle's
				final double[] c0 = SalientPoint.blobCentre(a, w, h, margin(w, h));
				final double dx = c1[0] - c0[0], dy = c1[1] - c0[1];
				blobMoved = Math.hypot(dx, dy);
				blobDistance = Math.hypot(dx - (target[0] - handle[0]), dy - (target[1] - handle[1]));
			}
			final FidelityRow row = new FidelityRow(i, seed, handle[0], handle[1], target[0], target[1], o.content, ncc, blobDistance, blobMoved, psnr, radius,
				o.steps(), o.converged(), seconds);
			rows.add(row);
			each.accept(row);
			if (o.cancelled()) break;
		}
		return rows;
	}

	/** Handles are this far from the border: the content distance's patch half-size. */
	static int margin(final int w, final int h) {
		return ContentDistance.half(w, h);
	}

	/**
	 * The outside region: pixels farther than 2·offset + 2·max(3, min(W, H)/12) + 1 (about a sixth
	 * of the picture) from both the handle and the target (docs/algorithm.md#fidelity-benchmark).
	 */
	public static double farRadius(final double offset, final int w, final int h) {
		return 2 * offset + 2 * Math.max(3, Math.min(w, h) / 12) + 1;
	}

	/** 1 on pixels farther than {@code radius} from both points, else 0; null when no pixel is that far. */
	static float[] farMask(final int w, final int h, final double hx, final double hy, final double tx, final double ty, final double radius) {
		final float[] m = new float[w * h];
		boolean any = false;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				if (Math.hypot(x - hx, y - hy) > radius && Math.hypot(x - tx, y - ty) > radius) {
					m[y * w + x] = 1;
					any = true;
				}
		return any ? m : null;
	}

	/**
	 * A target {@code offset} px from the handle in a random direction, at least the margin inside
	 * the picture; up to 64 random directions are tried, then the one towards the centre.
	 */
	static double[] target(final int hx, final int hy, final double offset, final SplittableRandom random, final int w, final int h) {
		final int margin = Math.min(margin(w, h), (Math.min(w, h) - 1) / 2);
		for (int i = 0; i < 64; i++) {
			final double a = random.nextDouble() * 2 * Math.PI;
			final double tx = hx + offset * Math.cos(a), ty = hy + offset * Math.sin(a);
			if (tx >= margin && ty >= margin && tx <= w - 1 - margin && ty <= h - 1 - margin) return new double[] { tx, ty };
		}
		final double cx = (w - 1) / 2.0 - hx, cy = (h - 1) / 2.0 - hy, n = Math.hypot(cx, cy);
		final double ux = n > 0 ? cx / n : 1, uy = n > 0 ? cy / n : 0;
		return new double[] { Math.max(0, Math.min(w - 1, hx + offset * ux)), Math.max(0, Math.min(h - 1, hy + offset * uy)) };
	}
}
