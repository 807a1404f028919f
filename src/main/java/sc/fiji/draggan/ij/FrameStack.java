package sc.fiji.draggan.ij;

import java.util.List;

import ij.VirtualStack;
import ij.process.ImageProcessor;
import sc.fiji.draggan.model.GeneratorImage;

/**
 * The frames of a drag as an ImageJ virtual stack: each slice is converted ({@link ImageConversion#toProcessor}) when ImageJ
 * asks for it, so writing a long drag to a TIFF holds one frame at a time, not the whole stack (the frames themselves may
 * live in a scratch file, docs/design.md#native-memory). Read-only.
 */
public final class FrameStack extends VirtualStack {

	private final List<GeneratorImage> frames;
	private final List<String> labels;

	/** @param labels one per frame */
	public FrameStack(final List<GeneratorImage> frames, final List<String> labels) {
		super(frames.get(0).width, frames.get(0).height);
		if (labels.size() != frames.size()) throw new IllegalArgumentException(frames.size() + " frames but " + labels.size() + " labels");
		this.frames = frames;
		this.labels = labels;
		setBitDepth(frames.get(0).channels == 1 ? 8 : 24);
	}

	@Override
	public ImageProcessor getProcessor(final int n) {
		return ImageConversion.toProcessor(frames.get(n - 1));
	}

	@Override
	public Object getPixels(final int n) {
		return getProcessor(n).getPixels();
	}

	@Override
	public int getSize() {
		return frames.size();
	}

	@Override
	public int size() {
		return frames.size();
	}

	@Override
	public String getSliceLabel(final int n) {
		return labels.get(n - 1);
	}
}
