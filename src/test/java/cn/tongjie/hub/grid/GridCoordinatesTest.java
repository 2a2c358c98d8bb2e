package cn.tongjie.hub.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Grid contract §5.3 example: WGS-84 43.620580 N 122.256010 E ⇔ GCJ-02 43.622954 N 122.261556 E. */
class GridCoordinatesTest {

    @Test
    void forwardTransformReproducesTheContractExample() {
        GridCoordinates.LatLon g = GridCoordinates.wgs84ToGcj02(43.620580, 122.256010);
        assertThat(g.lat()).isCloseTo(43.622954, within(0.000002));
        assertThat(g.lon()).isCloseTo(122.261556, within(0.000002));
    }

    @Test
    void inverseTransformRecoversWgs84FromTheGridSampleCoordinates() {
        GridCoordinates.LatLon w = GridCoordinates.gcj02ToWgs84(43.622954, 122.261556);
        assertThat(w.lat()).isCloseTo(43.620580, within(0.000002));
        assertThat(w.lon()).isCloseTo(122.256010, within(0.000002));
        GridCoordinates.LatLon back = GridCoordinates.wgs84ToGcj02(w.lat(), w.lon());
        assertThat(back.lat()).isCloseTo(43.622954, within(1e-8));
        assertThat(back.lon()).isCloseTo(122.261556, within(1e-8));
    }

    @Test
    void pointsOutsideChinaAreNotShifted() {
        assertThat(GridCoordinates.gcj02ToWgs84(48.0, 11.0)).isEqualTo(new GridCoordinates.LatLon(48.0, 11.0));
    }
}
