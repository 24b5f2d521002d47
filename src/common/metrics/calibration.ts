/** Expected calibration error with equal-width confidence bins (the usual 15-bin definition). */
export interface CalibrationReport {
  ece: number;
  bins: { lower: number; upper: number; count: number; meanConfidence: number; accuracy: number }[];
}

export function expectedCalibrationError(confidences: readonly number[], correct: readonly boolean[], binCount = 15): CalibrationReport {
  if (confidences.length !== correct.length) {
    throw new Error(`expectedCalibrationError: ${confidences.length} confidences but ${correct.length} outcomes`);
  }
  const sums = Array.from({ length: binCount }, () => ({ count: 0, confidence: 0, correct: 0 }));
  confidences.forEach((c, i) => {
    const bin = Math.min(binCount - 1, Math.max(0, Math.ceil(c * binCount) - 1));
    sums[bin].count += 1;
    sums[bin].confidence += c;
    sums[bin].correct += correct[i] ? 1 : 0;
  });
  const n = confidences.length;
  let ece = 0;
  const bins = sums.map((s, b) => {
    const meanConfidence = s.count ? s.confidence / s.count : 0;
    const accuracy = s.count ? s.correct / s.count : 0;
    if (n > 0) ece += (s.count / n) * Math.abs(meanConfidence - accuracy);
    return { lower: b / binCount, upper: (b + 1) / binCount, count: s.count, meanConfidence, accuracy };
  });
  return { ece, bins };
}
