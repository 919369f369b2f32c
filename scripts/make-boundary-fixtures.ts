/**
 * Writes the boundary files of tests/fixtures/import/ (run once; the files are committed), shaped
 * like the official files admins receive: a district GeoJSON keyed by code for some features and by
 * "Huyện …" names for others, with one unit unknown here and one self-crossing outline; and a
 * province Shapefile (zip with .shp, .shx, .dbf, .prj) keyed by its name without diacritics, as many
 * official .dbf files have it ("Tinh Tay Ninh"). The outlines are the
 * demo units' approximations, Bến Cầu shrunk by 2 % so that an import visibly changes it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zip as shapefileZip } from '@mapbox/shp-write';
import type { MultiPolygon, Position } from 'geojson';
import { generateDemo, DEMO_SEED } from '../data/demo/generate';

const DIR = 'tests/fixtures/import';
const units = new Map(generateDemo({ seed: DEMO_SEED }).adminUnits.map((u) => [u.code, u]));
const geometry = (code: string) => units.get(code)!.geometry;

/** The outline scaled towards the centre of its first ring's vertices. */
function shrink(g: MultiPolygon, factor: number): MultiPolygon {
	const ring = g.coordinates[0]![0]!;
	const cx = ring.reduce((s, p) => s + p[0]!, 0) / ring.length;
	const cy = ring.reduce((s, p) => s + p[1]!, 0) / ring.length;
	const scale = (p: Position): Position => [cx + (p[0]! - cx) * factor, cy + (p[1]! - cy) * factor];
	return { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map((r) => r.map(scale))) };
}

const benCau = shrink(geometry('tay-ninh.ben-cau'), 0.98);
const [x0, y0] = benCau.coordinates[0]![0]![0]! as [number, number];
writeFileSync(
	join(DIR, 'ranh-gioi-huyen.geojson'),
	JSON.stringify(
		{
			type: 'FeatureCollection',
			features: [
				{ type: 'Feature', properties: { MA_DVHC: 'tay-ninh.ben-cau', TEN_HUYEN: 'Huyện Bến Cầu' }, geometry: benCau },
				{ type: 'Feature', properties: { MA_DVHC: null, TEN_HUYEN: 'Huyện Tân Biên' }, geometry: geometry('tay-ninh.tan-bien') },
				{ type: 'Feature', properties: { MA_DVHC: '99999', TEN_HUYEN: 'Huyện Không Có Ở Đây' }, geometry: benCau },
				{
					type: 'Feature',
					properties: { MA_DVHC: 'tay-ninh.tp-tay-ninh', TEN_HUYEN: 'Thành phố Tây Ninh' },
					// A bow tie: the outline crosses itself (repaired into two triangles, and said so).
					geometry: {
						type: 'Polygon',
						coordinates: [
							[
								[x0, y0],
								[x0 + 0.05, y0 + 0.05],
								[x0 + 0.05, y0],
								[x0, y0 + 0.05],
								[x0, y0]
							]
						]
					}
				}
			]
		},
		null,
		1
	)
);

const WGS84 =
	'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
const zipped = await shapefileZip<'uint8array'>(
	{ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { TEN_TINH: 'Tinh Tay Ninh', MA_TINH: '72' }, geometry: geometry('tay-ninh') }] },
	{
		folder: 'ranh-gioi-tinh',
		filename: 'ranh_gioi_tinh',
		prj: WGS84,
		outputType: 'uint8array',
		compression: 'DEFLATE',
		types: { polygon: 'ranh_gioi_tinh', multipolygon: 'ranh_gioi_tinh' }
	}
);
writeFileSync(join(DIR, 'ranh-gioi-tinh.zip'), zipped);
console.log('wrote', DIR);
