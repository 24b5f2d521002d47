export { classificationReport, type ClassMetrics, type ClassificationReport } from './classification';
export { expectedCalibrationError, type CalibrationReport } from './calibration';
