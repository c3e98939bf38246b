// Runs on the audio thread: hands each block of microphone samples (first channel) to the
// page, which downsamples and sends them. Kept minimal: the audio thread must never stall.
class RebootCapture extends AudioWorkletProcessor {
  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (channel && channel.length) this.port.postMessage(channel.slice(0));
    return true;
  }
}

registerProcessor("reboot-capture", RebootCapture);
