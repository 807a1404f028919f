package sc.fiji.draggan.checkpoint;
import sc.fiji.draggan.tensor.TensorData;


import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;

/** Unpickler behaviour the checkpoint reader relies on (ordering, memory release, bounds). */
public class TorchUnpicklerTest {

	/** Records which large byte arrays / strings are still in the memo when STOP is reached. */
	private static final class Probe extends TorchUnpickler {

		final List<Integer> largeAtStop = new ArrayList<>();

		Probe() {
			super(null);
		}

		@Override
		protected Object dispatch(final short key) throws IOException {
			if (key == Opcodes.STOP) {
				for (final Object o : memo.values()) {
					if (o instanceof byte[] && ((byte[]) o).length >= 4096) largeAtStop.add(((byte[]) o).length);
					if (o instanceof String && ((String) o).length() >= 100_000) largeAtStop.add(((String) o).length()); // not module_src
				}
			}
			return super.dispatch(key);
		}
	}

	private static List<Integer> largeBytesLeftInMemo(final byte[] pickle) throws IOException {
		final Probe p = new Probe();
		try (InputStream in = new PickleInput(new ByteArrayInputStream(pickle), pickle.length)) {
			p.load(in);
		}
		return p.largeAtStop;
	}

	@Test
	public void storageBytesAreReleasedFromTheMemo() throws IOException {
		// protocol 4 (BINBYTES + MEMOIZE), as written by the official code
		final Path tiny = PickleCheckpointReaderTest.pkl("tiny");
		assertEquals(new ArrayList<Integer>(), largeBytesLeftInMemo(Files.readAllBytes(tiny)));
		// protocol 2 (storage bytes as _codecs.encode of latin-1 text + BINPUT)
		final Map<String, Object> root = new LinkedHashMap<>();
		root.put("t", new Protocol2Pickles.Tensor(new TensorData(new long[] { 300, 400 }, new float[300 * 400])));
		assertEquals(new ArrayList<Integer>(), largeBytesLeftInMemo(Protocol2Pickles.dumps(root)));
	}

	@Test
	public void referringBackToReleasedBytesIsAClearError() throws IOException {
		// protocol 2: _load_from_bytes(_codecs.encode(text, 'latin1')), then a BINGET of the released bytes
		final byte[] blob = Protocol2Pickles.legacyStorageBlob(new float[2000]);
		final byte[] text = new String(blob, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.UTF_8);
		final ByteArrayOutputStream p = new ByteArrayOutputStream();
		p.write(new byte[] { (byte) 0x80, 2 });
		p.write("ctorch.storage\n_load_from_bytes\n".getBytes(StandardCharsets.US_ASCII));
		p.write(new byte[] { 'q', 0 });
		p.write("c_codecs\nencode\n".getBytes(StandardCharsets.US_ASCII));
		p.write(new byte[] { 'q', 1, 'X' });
		p.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(text.length).array());
		p.write(text);
		p.write(new byte[] { 'q', 2, 'X', 6, 0, 0, 0 });
		p.write("latin1".getBytes(StandardCharsets.US_ASCII));
		p.write(new byte[] { (byte) 0x86, 'R', 'q', 3, (byte) 0x85, 'R', 'h', 3, (byte) 0x86, '.' });
		try {
			new TorchUnpickler(null).load(new ByteArrayInputStream(p.toByteArray()));
			fail("reuse of released bytes must fail");
		}
		catch (final PickleException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("already converted"));
		}
	}

	@Test
	public void dictsKeepInsertionOrderAcrossSetitems() throws IOException {
		final Map<String, Object> m = new LinkedHashMap<>();
		final List<String> keys = new ArrayList<>();
		for (int i = 40; i > 0; i--) {
			keys.add("k" + i);
			m.put("k" + i, i);
		}
		final Object back = new TorchUnpickler(null).loads(Protocol2Pickles.dumps(new Protocol2Pickles.OrderedDict(m)));
		assertEquals(keys, new ArrayList<>(((Map<?, ?>) back).keySet()));
		final Object plain = new TorchUnpickler(null).loads(Protocol2Pickles.dumps(m));
		assertEquals(keys, new ArrayList<>(((Map<?, ?>) plain).keySet()));
	}

	@Test
	public void stridedViewsAreGathered() throws IOException {
		// a 2x3 tensor stored transposed (stride 1, 2) at offset 1 of a storage of 8
		final Storage s = new Storage(StorageType.FLOAT, new float[] { 9, 0, 1, 2, 3, 4, 5, 9 }, ReadBudget.ceilingOnly());
		final TensorData t = TensorViews.view(s, 1, new long[] { 2, 3 }, new long[] { 1, 2 });
		assertTrue(Arrays.equals(new float[] { 0, 2, 4, 1, 3, 5 }, t.data()));
		final TensorData whole = TensorViews.view(s, 0, new long[] { 8 }, new long[] { 1 });
		assertTrue("a full contiguous view shares the storage", whole.data() == s.data());
		try {
			TensorViews.view(s, 4, new long[] { 2, 3 }, new long[] { 3, 1 });
			fail("view past the storage end");
		}
		catch (final IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("outside its storage"));
		}
	}

	@Test
	public void halfAndBfloat16StoragesConvert() {
		final byte[] half = { 0x00, 0x3c, 0x00, (byte) 0xc0 }; // 1.0, -2.0
		assertTrue(Arrays.equals(new float[] { 1f, -2f }, StorageType.HALF.toFloats(half, 0, 2)));
		final byte[] bf16 = { (byte) 0x80, 0x3f, 0x40, (byte) 0xc0 }; // 1.0, -3.0
		assertTrue(Arrays.equals(new float[] { 1f, -3f }, StorageType.BFLOAT16.toFloats(bf16, 0, 2)));
		final byte[] i64 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(-7).array();
		assertTrue(Arrays.equals(new float[] { -7f }, StorageType.LONG.toFloats(i64, 0, 1)));
	}
}
