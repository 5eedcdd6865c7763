// Reads a SIM card's barcode with the phone's camera where the browser has
// the Barcode Detection API (Chrome on Android); elsewhere the agent types it.

import { useEffect, useRef, useState } from "react";
import { useI18n } from "../i18n";

interface Detected {
  rawValue: string;
}
interface Detector {
  detect(source: HTMLVideoElement): Promise<Detected[]>;
}
type DetectorCtor = new (opts: { formats: string[] }) => Detector;

export default function Scanner({ onCode, onClose }: { onCode: (code: string) => void; onClose: () => void }) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stream: MediaStream | undefined;
    let frame = 0;
    let stopped = false;
    const Ctor = (window as unknown as { BarcodeDetector: DetectorCtor }).BarcodeDetector;
    const detector = new Ctor({ formats: ["code_128", "ean_13", "code_39", "qr_code", "itf", "data_matrix"] });
    const tick = async () => {
      if (stopped || !video.current) return;
      try {
        const codes = await detector.detect(video.current);
        const digits = codes.map((c) => c.rawValue.replace(/\D/g, "")).find((c) => c.length >= 19);
        if (digits) {
          onCode(digits);
          return;
        }
      } catch {
        // A frame the detector could not read: try the next one.
      }
      frame = requestAnimationFrame(() => void tick());
    };
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" } })
      .then(async (s) => {
        stream = s;
        if (!video.current) return;
        video.current.srcObject = s;
        await video.current.play();
        void tick();
      })
      .catch(() => setError(t("activation.scanFailed")));
    return () => {
      stopped = true;
      cancelAnimationFrame(frame);
      stream?.getTracks().forEach((tr) => tr.stop());
    };
  }, [onCode, t]);

  return (
    <div className="scanner">
      {error ? <p className="error" role="alert">{error}</p> : <video ref={video} muted playsInline aria-label={t("activation.scanning")} />}
      <button type="button" onClick={onClose}>
        {t("common.cancel")}
      </button>
    </div>
  );
}
