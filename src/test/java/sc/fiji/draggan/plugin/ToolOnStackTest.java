package sc.fiji.draggan.plugin;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.BeforeClass;
import org.junit.Test;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import sc.fiji.draggan.edit.PointPair;
import sc.fiji.draggan.ij.DragOperation;
import sc.fiji.draggan.ij.Latent;
import sc.fiji.draggan.ij.RunMonitor;

/**
 * The Drag GAN Tool on a stack, through the code path a double-click starts: the current slice is
 * inverted and dragged, the frames come as a new stack at the slice's size with the pixels outside the
 * model's crop unchanged, and the stack itself is left as it was. Bundled default model, tiny steps.
 */
public class ToolOnStackTest {

	@BeforeClass
	public static void headless() {
		System.setProperty("java.awt.headless", "true");
		System.setProperty("ai.djl.offline", "true");
	}

	@Test
	public void theCurrentSliceIsDraggedIntoANewStack() throws Exception {
		final int w = 80, h = 64;
		final ImageStack st = new ImageStack(w, h);
		for (int z = 0; z < 3; z++) {
			final ByteProcessor b = new ByteProcessor(w, h);
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					b.set(x, y, Math.hypot(x - 40 - 3 * z, y - 32) < 12 ? 210 : 40 + x + z * 10);
			st.addSlice("z" + z, b);
		}
		final ImagePlus stack = new ImagePlus("cells", st);
		stack.setSlice(2);
		final byte[][] before = new byte[3][];
		for (int z = 0; z < 3; z++) before[z] = ((byte[]) st.getPixels(z + 1)).clone();

		final DragGanTool.Options o = DragGanTool.options();
		o.model = "";
		o.steps = 2;
		o.lr = 0.01;
		o.invertSteps = 4;
		o.device = "cpu";
		o.roiManagerMask = false;
		final List<PointPair> pairs = PointPair.parseList("46,32>52,32");
		final ImagePlus r = DragGanTool.drag(stack, DragGanTool.state(stack), pairs, null, new RunMonitor("test", false)).image;

		assertNotSame(stack, r);
		assertEquals(w, r.getWidth());
		assertEquals(h, r.getHeight());
		assertEquals(ImagePlus.GRAY8, r.getType());
		assertTrue("frames: " + r.getStackSize(), r.getStackSize() >= 2);
		assertEquals("cells-drag-1", r.getTitle());
		assertNotNull(Latent.of(r));
		assertNotNull(r.getProp(DragOperation.TRACE_KEY));
		assertTrue((String) r.getProperty("Info"), ((String) r.getProperty("Info")).contains("slice=2"));
		// the 80x64 slice was cropped to its central 64x64 square (columns 8…71): the rest is slice 2's, unchanged
		final byte[] last = (byte[]) r.getStack().getPixels(r.getStackSize());
		for (int y = 0; y < h; y++)
			for (final int x : new int[] { 0, 3, 7, 72, 75, 79 })
				assertEquals(x + "," + y, before[1][y * w + x], last[y * w + x]);
		for (int z = 0; z < 3; z++) assertArrayEquals("slice " + (z + 1) + " untouched", before[z], (byte[]) st.getPixels(z + 1));
		assertEquals(0, DragGanTool.pairs(stack).size());
		assertEquals(1, DragGanTool.pairs(r).size());
	}
}
