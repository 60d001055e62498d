// Chart.js, registered piecemeal so the bundle carries only what the two charts use.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
);
// Animations would make screenshots and tests depend on timing.
Chart.defaults.animation = false;
Chart.defaults.font.family = 'system-ui, sans-serif';

export { Chart };
