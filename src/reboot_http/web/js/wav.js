// Microphone samples -> what the STT endpoint takes: 16 kHz, mono, 16-bit PCM in a WAV file.
// Pure functions, so they can be checked without a microphone.

export const TARGET_RATE = 16000;

/**
 * Resample float samples from `fromRate` to `toRate` by averaging the input samples that fall
 * into each output sample (a cheap low-pass; enough for speech recognition).
 */
export function downsample(samples, fromRate, toRate = TARGET_RATE) {
  if (fromRate === toRate) return Float32Array.from(samples);
  if (fromRate < toRate) throw new Error("the microphone rate is below 16 kHz");
  const ratio = fromRate / toRate;
  const out = new Float32Array(Math.floor(samples.length / ratio));
  for (let i = 0; i < out.length; i += 1) {
    const start = Math.floor(i * ratio);
    const end = Math.min(samples.length, Math.floor((i + 1) * ratio));
    let sum = 0;
    for (let j = start; j < end; j += 1) sum += samples[j];
    out[i] = end > start ? sum / (end - start) : 0;
  }
  return out;
}

/** Float samples in [-1, 1] -> signed 16-bit integers (clipped). */
export function toInt16(samples) {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i += 1) {
    const s = Math.max(-1, Math.min(1, samples[i]));
    out[i] = s < 0 ? s * 0x8000 : s * 0x7fff;
  }
  return out;
}

/** 16-bit mono PCM -> a WAV (RIFF) Blob. */
export function wavBlob(pcm, rate = TARGET_RATE) {
  const header = new DataView(new ArrayBuffer(44));
  const text = (offset, value) => [...value].forEach((c, i) => header.setUint8(offset + i, c.charCodeAt(0)));
  const bytes = pcm.length * 2;
  text(0, "RIFF");
  header.setUint32(4, 36 + bytes, true);
  text(8, "WAVE");
  text(12, "fmt ");
  header.setUint32(16, 16, true); // fmt chunk size
  header.setUint16(20, 1, true); // PCM
  header.setUint16(22, 1, true); // mono
  header.setUint32(24, rate, true);
  header.setUint32(28, rate * 2, true); // bytes per second
  header.setUint16(32, 2, true); // bytes per frame
  header.setUint16(34, 16, true); // bits per sample
  text(36, "data");
  header.setUint32(40, bytes, true);
  // WAV is little-endian, like every platform browsers run on
  return new Blob([header.buffer, pcm.buffer], { type: "audio/wav" });
}

/** The level of float samples in dB relative to full scale (RMS; -120 for silence). */
export function levelDb(samples) {
  if (!samples.length) return -120;
  let sum = 0;
  for (let i = 0; i < samples.length; i += 1) sum += samples[i] * samples[i];
  const power = sum / samples.length;
  return power > 0 ? Math.max(-120, 10 * Math.log10(power)) : -120;
}
