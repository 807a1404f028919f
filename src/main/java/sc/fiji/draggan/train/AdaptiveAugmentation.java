package sc.fiji.draggan.train;

import java.util.Map;

import ai.djl.ndarray.NDArray;

/**
 * The augmentation probability p of a run and, with {@code augment = "ada"}, StyleGAN2-ADA's
 * controller for it (training_loop.py): the signs of D's logits on the (augmented) reals are
 * summed, and every {@code adaInterval} iterations p moves by
 * sign(r_t − target) · batch·interval / (adaKimg·1000), r_t = E[sign D(real)], clamped to [0, 1].
 * Its state goes into the training checkpoint, so a resumed run continues exactly.
 */
final class AdaptiveAugmentation {

	private final TrainOptions opt;
	private double p, signSum;
	private long signCount;

	AdaptiveAugmentation(final TrainOptions opt) {
		this.opt = opt;
		p = "none".equals(opt.augment) ? 0 : opt.augmentP;
	}

	double p() {
		return p;
	}

	private boolean adaptive() {
		return "ada".equals(opt.augment);
	}

	/** Counts the signs of D's logits on a batch of reals (only when p adapts). */
	void observeReal(final NDArray realLogits) {
		if (!adaptive()) return;
		signSum += realLogits.stopGradient().sign().sum().getFloat();
		signCount += realLogits.size();
	}

	/** After iteration {@code iteration} (1-based): every interval, updates p and reports r_t into {@code stats}. */
	void afterIteration(final long iteration, final TrainStats stats) {
		if (adaptive() && iteration % opt.adaInterval == 0) {
			final double rt = signSum / Math.max(1, signCount);
			p = adjust(p, rt, opt.adaTarget, opt.batch, opt.adaInterval, opt.adaKimg);
			stats.rt = rt;
			signSum = 0;
			signCount = 0;
		}
		stats.augmentP = p;
	}

	static double adjust(final double p, final double rt, final double target, final int batch, final int interval, final double adaKimg) {
		final double step = Math.signum(rt - target) * batch * interval / (adaKimg * 1000);
		return Math.max(0, Math.min(1, p + step));
	}

	void save(final Map<String, String> meta) {
		meta.put("augment_p", Double.toString(p));
		meta.put("ada_sign_sum", Double.toString(signSum));
		meta.put("ada_sign_count", Long.toString(signCount));
	}

	/** Restores the state saved by {@link #save}; checkpoints written before augmentation existed have none. */
	void restore(final Map<String, String> meta) {
		if (!meta.containsKey("augment_p")) return;
		p = Double.parseDouble(meta.get("augment_p"));
		signSum = Double.parseDouble(meta.get("ada_sign_sum"));
		signCount = Long.parseLong(meta.get("ada_sign_count"));
	}
}
