package sc.fiji.draggan.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import sc.fiji.draggan.engine.TorchAutograd;
import ai.djl.ndarray.NDManager;

/**
 * StyleGAN2 SynthesisNetwork, ws → image and per-block features (docs/algorithm.md#synthesis-blocks). Each block runs in its
 * own sub-manager so intermediates are freed as soon as the block is done (autograd keeps what it
 * needs); outputs are attached to the manager of ws.
 */
final class SynthesisNetwork {

	private final GeneratorConfig cfg;
	private final List<SynthesisBlock> blocks = new ArrayList<>();

	SynthesisNetwork(final GeneratorConfig cfg, final Map<String, NDArray> raw, final Fir fir, final NDManager m) {
		this.cfg = cfg;
		for (int b = 0; b < cfg.numBlocks(); b++) blocks.add(new SynthesisBlock(cfg, raw, b, fir, m));
	}

	/** @param mayDefer this network outlives the call, so {@link SynthesisOptions#lazyImage} may be honoured */
	Synthesis forward(final NDArray ws, final SynthesisOptions o, final boolean mayDefer) {
		final long[] d = Nd.dims(ws);
		if (d.length != 3 || d[1] != cfg.numWs() || d[2] != cfg.wDim) throw new IllegalArgumentException("ws must have shape [N, " +
			cfg.numWs() + ", " + cfg.wDim + "], got " + ws.getShape());
		final int nb = blocks.size();
		if (o.lastBlock < -1 || o.lastBlock >= nb) throw new IllegalArgumentException("lastBlock must be -1 (all) or 0.." +
			(nb - 1) + ", got " + o.lastBlock);
		final int last = o.lastBlock < 0 ? nb - 1 : o.lastBlock;
		final Pass pass = new Pass(ws, o, last == nb - 1);
		// a lazy image: the blocks after the recorded ones wait until the image is asked for
		final boolean lazy = mayDefer && o.lazyImage && o.image && !o.blockImages && o.gradientUpToBlock >= 0 && o.gradientUpToBlock < last &&
			last == nb - 1;
		final int eager = lazy ? o.gradientUpToBlock : last;
		if (!lazy && !o.keepFeatures && o.image && !o.blockImages && last == nb - 1) {
			try (NDManager top = pass.out.newSubManager()) {
				pass.begin(top);
				return new Synthesis(pass.blocks(0, last, top), new ArrayList<>(), new ArrayList<>());
			}
		}
		try (NDManager top = pass.out.newSubManager()) {
			pass.begin(top);
			for (int b = 0; b <= eager; b++) pass.block(b, top, pass.out);
			if (!lazy) {
				if (pass.img != null && !o.blockImages) pass.img.attach(pass.out);
				return new Synthesis(o.image && last == nb - 1 ? pass.img : null, pass.features, pass.blockImages);
			}
			pass.keepForLater();
		}
		return new Synthesis(() -> pass.rest(eager + 1, last), pass.features);
	}

	/**
	 * The state of one forward pass, block by block: the running features and image, and the latents
	 * (recorded and detached). Arrays kept between blocks live in the manager of ws.
	 */
	private final class Pass {
		final SynthesisOptions o;
		final NDManager out;
		final NDArray ws;
		final boolean wantImage, detach, recording;
		final List<NDArray> features = new ArrayList<>();
		final List<NDArray> blockImages = new ArrayList<>();
		final Random rnd;
		NDArray ws32, wsDetached, x, img;
		/** the rows recorded blocks read (constant rows detached), and the rows of the blocks after them */
		LatentRows rows, detachedRows;

		Pass(final NDArray ws, final SynthesisOptions o, final boolean reachesLastBlock) {
			this.ws = ws;
			this.o = o;
			out = ws.getManager();
			wantImage = o.blockImages || o.image && reachesLastBlock;
			detach = o.gradientUpToBlock >= 0;
			recording = TorchAutograd.recording();
			rnd = new Random(o.noiseSeed);
		}

		void begin(final NDManager top) {
			ws32 = Nd.float32(ws);
			if (ws32 != ws) ws32.attach(top);
			if (detach || o.constantRowsFrom < cfg.numWs()) {
				wsDetached = ws32.stopGradient();
				wsDetached.attach(top);
			}
			rows = new LatentRows(ws32, wsDetached, o.constantRowsFrom);
			detachedRows = wsDetached == null ? rows : LatentRows.all(wsDetached);
		}

		/** Runs block b; its features are attached to {@code keep}, the running image to {@code top}. */
		void block(final int b, final NDManager top, final NDManager keep) {
			final SynthesisBlock block = blocks.get(b);
			final NDArray prevImg = img, prevX = x;
			final boolean tracked = tracked(b);
			try (NDManager m = top.newSubManager()) {
				NDArray in = x;
				if (in != null) {
					m.tempAttachAll(in);
					if (!tracked && b == o.gradientUpToBlock + 1) in = in.stopGradient(); // lands in m
				}
				if (img != null) m.tempAttachAll(img);
				x = block.features(in, tracked ? rows : detachedRows, o.noise, rnd, recording && tracked, m);
				final NDArray forImage = detach && tracked && wantImage && block.hasImage() ? x.stopGradient() : x; // in m
				x.attach(keep);
				if (wantImage && block.hasImage()) {
					img = block.image(forImage, img, detach ? detachedRows : rows, m);
					img.attach(o.blockImages ? out : top);
				}
			}
			if (keep == out) features.add(x);
			else if (prevX != null && prevX.getManager() == keep) prevX.close(); // a later block's input, no longer needed
			if (o.afterBlock != null) o.afterBlock.accept(b);
			if (img != prevImg) {
				if (o.blockImages) blockImages.add(img);
				else if (prevImg != null) prevImg.close();
			}
		}

		/** Keeps what the later blocks need (detached) in the manager of ws, past the first part's managers. */
		void keepForLater() {
			final NDArray xd = x.stopGradient();
			xd.attach(out);
			x = xd;
			wsDetached.attach(out);
			if (img != null) img.attach(out);
		}

		/** Blocks {@code from..to} without autograd (the deferred part of a lazy image); the image, in the manager of ws. */
		NDArray rest(final int from, final int to) {
			try (NDManager top = out.newSubManager()) {
				return blocks(from, to, top);
			}
		}

		/**
		 * Blocks {@code from..to}, each block's output freed once the next has read it. The last blocks run in row bands
		 * (docs/algorithm.md#row-bands) where they run without autograd and their activations are large, each handing the
		 * next its output in bands, so none of their activations is allocated whole (docs/design.md#native-memory).
		 * Returns the image, attached to the manager of ws.
		 */
		NDArray blocks(final int from, final int to, final NDManager top) {
			final long batch = ws.getShape().get(0);
			int firstBanded = to + 1;
			if (to == blocks.size() - 1 && (o.noise != NoiseMode.RANDOM || !cfg.useNoise)) {
				while (firstBanded - 1 >= Math.max(from, 1) && bandable(firstBanded - 1, batch)) firstBanded--;
			}
			for (int b = from; b < firstBanded; b++) block(b, top, top);
			RowBandedArray in = firstBanded <= to ? RowBandedArray.whole(x) : null;
			for (int b = firstBanded; b <= to; b++) {
				final SynthesisBlock block = blocks.get(b);
				final SynthesisBlock.Banded done = block.inBands(in, img, tracked(b) ? rows : detachedRows, o.noise, block.bandRows(batch),
					b < to, top);
				if (b > firstBanded) in.close(); // the previous banded block's output, read
				in = done.features;
				if (done.image != null) img = done.image;
			}
			img.attach(out);
			return img;
		}

		/** Block b may run in row bands: not recorded, and its activations exceed one band. */
		private boolean bandable(final int b, final long batch) {
			final SynthesisBlock block = blocks.get(b);
			return block.bandRows(batch) < block.res && !(recording && tracked(b));
		}

		/** Whether autograd records through block b (when recording at all). */
		boolean tracked(final int b) {
			return !detach || b <= o.gradientUpToBlock;
		}
	}

	SynthesisBlock block(final int index) {
		return blocks.get(index);
	}

	int numBlocks() {
		return blocks.size();
	}
}
