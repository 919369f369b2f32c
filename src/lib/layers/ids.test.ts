import { describe, expect, it } from 'vitest';
import type { Layer } from '@deck.gl/core';
import { casesLayer, outreachLayer } from './activity';
import { boardingHousesLayer } from './sites';
import { SHOWN } from './features';

const point = (properties: Record<string, unknown>) => ({ type: 'Feature' as const, properties, geometry: { type: 'Point' as const, coordinates: [106.2, 11.1] } });
const collection = (mode: string, extra: Record<string, unknown> = {}) => ({ type: 'FeatureCollection' as const, features: [point({ count: 12, weight: 30, kind: 'meeting', form: 'meeting' })], mode, ...extra }) as never;

describe('layer ids', () => {
	it('never give one id to two layer classes across the answers a layer can get', () => {
		const classOf = new Map<string, string>();
		const answers = ['features', 'clusters', 'aggregate'].flatMap((mode) => [collection(mode), collection(mode, { aggregate: 'admin_unit' }), collection(mode, { aggregate: 'snapped' })]);
		for (const make of [casesLayer, outreachLayer, boardingHousesLayer]) {
			for (const answer of answers) {
				for (const layer of [make(answer, SHOWN)].flat() as Layer[]) {
					const known = classOf.get(layer.id);
					expect(known === undefined || known === layer.constructor.name, `${layer.id}: ${known} and ${layer.constructor.name}`).toBe(true);
					classOf.set(layer.id, layer.constructor.name);
				}
			}
		}
		expect(classOf.get('cases')).toBe('ScatterplotLayer');
		expect(classOf.get('cases-areas')).toBe('GeoJsonLayer');
	});
});
