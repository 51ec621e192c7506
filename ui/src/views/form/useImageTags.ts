import { useEffect, useState } from "react";
import { listImages } from "../../ipc";

/** Local image tags for an image picker; empty until (or unless) the engine answers. */
export function useImageTags(): string[] {
  const [images, setImages] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    listImages()
      .then((list) => {
        const tags = list.flatMap((image) => image.tags).filter((tag) => !tag.includes("<none>"));
        if (live) setImages([...new Set(tags)].sort());
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return images;
}
