// Drag GAN example 2: drag the points of a point selection, with the edit region from the ROI Manager.
// Two handle/target pairs are placed as one multi-point selection in alternating order (handle 1,
// target 1, handle 2, target 2), an oval in the ROI Manager is the region allowed to change; outside
// it the image is held in place (lambda_mask).
//
//   ./draggan imagej -batch macros/drag_selection_with_mask.ijm
//   ./draggan imagej -batch macros/drag_selection_with_mask.ijm "model=[/path/to/model.pkl] out=[/tmp/draggan]"
//
// model: a StyleGAN2 .pkl (or a Drag GAN .safetensors bundle); empty = bundled cell model;
// out: folder for the result (default: temp folder); n_steps: at most this many drag steps (default 20).

model = call("ij.Macro.getValue", getArgument(), "model", "");
modelKey = "";
if (model != "") modelKey = "model=[" + model + "] ";
out = call("ij.Macro.getValue", getArgument(), "out", getDirectory("temp") + "draggan");
steps = call("ij.Macro.getValue", getArgument(), "n_steps", "20");
File.makeDirectory(out);

setBatchMode(true);
run("Drag GAN Generate...", modelKey + "seed=1 psi=0.7");
w = getWidth();
// the edit region: an oval around the two pairs
roiManager("reset");
makeOval(0.2 * w, 0.2 * w, 0.6 * w, 0.6 * w);
roiManager("add");
// handle 1, target 1, handle 2, target 2 (fractions of the width)
xs = newArray(0.40 * w, 0.50 * w, 0.60 * w, 0.55 * w);
ys = newArray(0.40 * w, 0.45 * w, 0.60 * w, 0.70 * w);
makeSelection("point", xs, ys);
run("Drag GAN...", modelKey + "n_steps=" + steps + " every=5 lr=0.02 lambda_mask=20");
info = split(getImageInfo(), "\n");
for (i = 0; i < info.length; i++) if (startsWith(info[i], "mask:") || startsWith(info[i], "points:") || startsWith(info[i], "outcome:")) print(info[i]);
print(getTitle() + ": " + nSlices + " frames");
saveAs("Tiff", out + File.separator + "drag_selection_with_mask.tif");
print("saved " + out + File.separator + "drag_selection_with_mask.tif");
